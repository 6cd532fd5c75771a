package io.kairos.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.security.AuditAction;
import io.kairos.security.AuditDiff;
import io.kairos.security.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.Set;

/**
 * A job's changes in the audit log, each with its definition's diff: the JSON the API shows (so the diff reads like
 * the definitions a user PUTs), with the secrets by name only.
 */
@ApplicationScoped
class JobAudit {

    private final ObjectMapper json;
    private final AuditLog log;

    JobAudit(ObjectMapper json, AuditLog log) {
        this.json = json;
        this.log = log;
    }

    /**
     * Records a change of one job from {@code before} to {@code after}, as stored (secrets as names).
     *
     * @param before   null when the job is new
     * @param after    null when it is deleted
     * @param revalued the secrets the change gave a value
     * @param detail   why, when the caller did not change this job itself (null: it did)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void record(AuditAction action, String job, JobDefinition before, JobDefinition after, Set<String> revalued, String detail) {
        AuditDiff.Secrets secrets = new AuditDiff.Secrets(names(before), names(after), revalued);
        log.record(action, job, AuditDiff.of(tree(before), tree(after), secrets), detail);
    }

    private JsonNode tree(JobDefinition def) {
        return def == null ? null : json.valueToTree(def);
    }

    private static Set<String> names(JobDefinition def) {
        return def == null ? Set.of() : def.secrets().names();
    }
}
