package io.kairos.security;

/** What the audit log records, each by the name its {@code action} column and the API's {@code ?action=} use. */
public enum AuditAction {
    JOB_CREATE("job.create"),
    JOB_UPDATE("job.update"),
    JOB_DELETE("job.delete"),
    JOB_ENABLE("job.enable"),
    JOB_DISABLE("job.disable"),
    RUN_NOW("run.now"),
    RUN_RERUN("run.rerun"),
    RUN_KILL("run.kill"),
    RUN_MARK_SUCCESS("run.mark-success"),
    BACKFILL_CREATE("backfill.create"),
    SERVICE_CREATE("service.create"),
    SERVICE_UPDATE("service.update"),
    SERVICE_RESTART("service.restart"),
    SERVICE_DELETE("service.delete"),
    AGENT_DRAIN("agent.drain"),
    AGENT_UNDRAIN("agent.undrain"),
    AGENT_REMOVE("agent.remove"),
    ROLE_PUT("role.put"),
    TOKEN_CREATE("token.create"),
    TOKEN_REVOKE("token.revoke"),
    AGENT_TOKEN_CREATE("agent-token.create"),
    AGENT_TOKEN_REVOKE("agent-token.revoke");

    private final String wire;

    AuditAction(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
