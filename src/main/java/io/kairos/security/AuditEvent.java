package io.kairos.security;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One row of the audit log as {@code GET /api/v1/audit} shows it.
 *
 * @param actor  the token's name, {@code open} (authentication off) or {@code system} (Kairos itself)
 * @param target what was changed: a job's name, a run's id, an agent's id, a role's or a token's name
 * @param diff   a job definition's changed fields (see {@link AuditDiff}), else null
 */
public record AuditEvent(long id, Instant at, String actor, String action, String target, JsonNode diff, String detail) {
}
