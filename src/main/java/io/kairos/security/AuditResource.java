package io.kairos.security;

import io.kairos.api.ApiException;
import io.kairos.api.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The audit log, newest first, for operators and admins. */
@Tag(name = "Audit", description = "Who changed what: jobs, runs, agents, roles, tokens (operators and admins)")
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final AuditLog log;
    private final Access access;

    AuditResource(AuditLog log, Access access) {
        this.log = log;
        this.access = access;
    }

    @GET
    @Operation(summary = "The audit log", description = "Newest first; each of target, actor (a token's name, open or system) "
            + "and action (job.update, run.kill, ...) narrows it to equal values, since (ISO-8601) to events at or after it; "
            + "limit 1-" + MAX_LIMIT + ", default " + DEFAULT_LIMIT + ".")
    @APIResponse(responseCode = "403", description = "not an operator or admin",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "since or limit is not one",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public List<AuditEvent> list(@QueryParam("target") String target, @QueryParam("actor") String actor,
                                 @QueryParam("action") String action, @QueryParam("since") String since,
                                 @QueryParam("limit") String limit) {
        access.requireAuditRead();
        return log.find(new AuditLog.Filter(blankless(target), blankless(actor), blankless(action), since(since), limit(limit)));
    }

    private static Instant since(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("since", "must be an ISO-8601 time with its offset, like 2026-12-02T14:00:00Z");
        }
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below, as a number out of range is
        }
        throw ApiException.invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }

    private static String blankless(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
