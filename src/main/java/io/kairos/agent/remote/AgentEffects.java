package io.kairos.agent.remote;

import io.kairos.agent.remote.AgentLifecycle.Effect;
import io.kairos.agent.remote.AgentLifecycle.Transition;
import io.kairos.framework.AgentMembership;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;

/**
 * Carries out the effects of an agent's transition, in the order {@link AgentLifecycle} lists them: the one place
 * that writes an agent's row and tells the membership about it. {@code PERSIST} comes first, so a database that
 * is away stops the move before anything else happened.
 */
@ApplicationScoped
class AgentEffects {

    private static final Logger LOG = Logger.getLogger(AgentEffects.class);

    private final AgentMembership membership;
    private final AgentRows rows;
    private final Clock clock;

    AgentEffects(AgentMembership membership, AgentRows rows, Clock clock) {
        this.membership = membership;
        this.rows = rows;
        this.clock = clock;
    }

    /** Call holding the member's lock. On return the member is in {@code t.to()}. */
    void run(AgentMember m, AgentLifecycle.Event event, Transition t, String reason) {
        AgentState from = m.state;
        for (Effect effect : t.effects()) {
            switch (effect) {
                case PERSIST -> persist(m, t.to(), reason);
                case RECONCILE -> membership.register(m.agent);
                case OFFER_RESOURCES -> membership.drain(m.id, false);
                case RESCIND_OFFERS -> membership.drain(m.id, true);
                case LOSE_TASKS -> membership.agentLost(m.id, reason);
                case DISCONNECT -> {
                    RemoteAgent a = m.agent;
                    if (a != null) {
                        a.disconnect();
                    }
                }
                case ANNOUNCE -> LOG.infof("agent %s %s -> %s on %s%s", m.id, from, t.to(), event,
                        reason == null ? "" : ": " + reason);
            }
        }
        m.state = t.to();
    }

    private void persist(AgentMember m, AgentState to, String reason) {
        Instant now = clock.instant();
        long version = rows.save(m.row(to, reason, now), m.version);
        m.version = version;
        m.state = to;
        m.reason = reason;
        m.stateChangedAt = now;
    }
}
