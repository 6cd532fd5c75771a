package io.kairos.agent.remote;

import io.kairos.security.Access;
import io.kairos.security.AuditAction;
import io.kairos.security.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * What an operator does to an agent, from the API and the console alike: checked, moved through the
 * {@link AgentRegistry}, and in the audit log. One transaction holds the agent's row (its JDBC connection joins it)
 * and the audit row, so a move refused (409) leaves no audit row and none is stored without one. The pool in memory
 * follows the move before the commit: a commit failing after it (the database gone at that moment) leaves the pool
 * ahead of the row until the row is read again.
 */
@ApplicationScoped
public class AgentOperations {

    private final AgentRegistry agents;
    private final Access access;
    private final AuditLog audit;

    AgentOperations(AgentRegistry agents, Access access, AuditLog audit) {
        this.agents = agents;
        this.access = access;
        this.audit = audit;
    }

    /** Drains ({@code drain}) or undrains an agent. */
    @Transactional
    public AgentView drain(String id, boolean drain) {
        access.requireOperate();
        AgentView after = agents.drain(id, drain);
        audit.record(drain ? AuditAction.AGENT_DRAIN : AuditAction.AGENT_UNDRAIN, id, null, "now " + after.state());
        return after;
    }

    /** Removes a DRAINED or LOST agent. */
    @Transactional
    public AgentView remove(String id) {
        access.requireOperate();
        AgentView after = agents.remove(id);
        audit.record(AuditAction.AGENT_REMOVE, id, null, null);
        return after;
    }
}
