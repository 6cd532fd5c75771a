package io.kairos.framework;

import io.kairos.agent.AgentHandle;
import io.kairos.cluster.Leadership;
import io.kairos.run.RunEvents;
import io.kairos.run.RunQueue;
import io.kairos.run.TaskEvents;
import io.kairos.service.InstanceEvents;
import io.kairos.task.TaskId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Carries kills to agents. A kill is a row change (a run's kill cause) that any scheduler may make; the leader sends
 * it to the task's agent once the change commits, and sweeps the database for kills it has not sent (made by a
 * follower, or before a crash or failover). A kill is sent once per task and term.
 */
@ApplicationScoped
public class KillDelivery {

    private static final Logger LOG = Logger.getLogger(KillDelivery.class);

    private final Pool pool;
    private final RunQueue runs;
    private final Duration grace;
    private final Set<TaskId> sent = ConcurrentHashMap.newKeySet();

    KillDelivery(Pool pool, RunQueue runs, @ConfigProperty(name = "kairos.kill-grace", defaultValue = "10s") Duration grace) {
        this.pool = pool;
        this.runs = runs;
        this.grace = grace;
    }

    void onKill(@Observes(during = TransactionPhase.AFTER_SUCCESS) RunEvents.KillRequested e) {
        AgentHandle agent = pool.agents().get(e.agent());
        if (agent == null) {
            LOG.warnf("cannot kill task %s: agent %s is not connected", e.task().value(), e.agent());
            return;
        }
        sent.add(e.task());
        agent.kill(e.task(), grace);
    }

    /** A service's instance is stopped (scaled down, replaced, deleted). */
    void onInstanceKill(@Observes(during = TransactionPhase.AFTER_SUCCESS) InstanceEvents.KillRequested e) {
        AgentHandle agent = pool.agents().get(e.agent());
        if (agent == null) {
            // lost with its agent, or killed again when the agent registers (AgentMembership)
            LOG.warnf("cannot stop instance %s now: agent %s is not connected", e.task().value(), e.agent());
            return;
        }
        agent.kill(e.task(), grace);
    }

    /** Kills recorded in the database that this scheduler has not sent yet (see RunQueue#killsOwed). */
    void sendOwed() {
        for (RunEvents.KillRequested k : runs.killsOwed()) {
            AgentHandle agent = pool.agents().get(k.agent());
            if (agent != null && sent.add(k.task())) {
                agent.kill(k.task(), grace);
            }
        }
    }

    void onEnded(@Observes(during = TransactionPhase.AFTER_SUCCESS) TaskEvents.TaskEnded e) {
        sent.remove(e.task());
    }

    void onLeadership(@Observes Leadership.Changed change) {
        if (!change.leader()) {
            sent.clear();
        }
    }
}
