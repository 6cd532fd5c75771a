package io.kairos.framework;

import io.kairos.agent.AgentHandle;
import io.kairos.allocator.AgentId;
import io.kairos.allocator.FrameworkId;
import io.kairos.cluster.Leadership;
import io.kairos.run.RunRecovery;
import io.kairos.service.Instances;
import io.kairos.task.TaskId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Agents joining and leaving the leader's pool, carried out for the agent lifecycle (the agent registry's effects):
 * a joining agent's tasks are reconciled against the database, a leaving one's attempts are lost, and offers follow
 * drain and undrain. Each change happens between allocation cycles, under the pool's membership lock.
 */
@ApplicationScoped
public class AgentMembership {

    private static final Logger LOG = Logger.getLogger(AgentMembership.class);

    private final Pool pool;
    private final RunRecovery recovery;
    private final Dispatcher dispatcher;
    private final Duration killGrace;
    private final Instances instances;
    private final InstanceStarts instanceStarts;

    AgentMembership(Pool pool, RunRecovery recovery, Dispatcher dispatcher,
                    @ConfigProperty(name = "kairos.kill-grace", defaultValue = "10s") Duration killGrace, Instances instances,
                    InstanceStarts instanceStarts) {
        this.pool = pool;
        this.instanceStarts = instanceStarts;
        this.instances = instances;
        this.recovery = recovery;
        this.dispatcher = dispatcher;
        this.killGrace = killGrace;
    }

    /**
     * An agent joined: its running tasks are reconciled against the database. It joins with nothing offered: its
     * lifecycle (the agent registry) says when its resources are offered, through {@link #drain}.
     */
    public void register(AgentHandle agent) {
        synchronized (pool.membership()) {
            pool.onAllocator(a -> {
                // a re-registration replaces the agent: its allocations are rebuilt from what it runs now
                a.removeAgent(agent.id());
                a.addAgent(agent.id(), agent.hostname(), agent.resources(), agent.attributes());
                a.drain(agent.id());
            });
            pool.agents().put(agent.id(), agent);
            pool.placed().values().removeIf(p -> p.agent().equals(agent.id()));
            Set<TaskId> running = agent.running();
            Map<TaskId, RunRecovery.Adopted> adopted = recovery.reconcile(agent.id(), running);
            adopted.forEach((task, held) -> pool.onAllocator(a -> {
                FrameworkId fw = pool.framework(a, held.role()).id();
                pool.placed().put(task, new Pool.Placed(agent.id(), held.resources(), fw, held.job(), false, held.revocable(),
                        held.priority(), held.since()));
                a.allocate(fw, agent.id(), held.resources());
            }));
            Map<TaskId, Instances.Adopted> instancesAdopted = instances.reconcile(agent.id(), running,
                    "agent " + agent.id() + " re-registered without this instance");
            Map<TaskId, Instant> started = instanceStarts.of(instancesAdopted.keySet());
            instancesAdopted.forEach((task, held) -> pool.onAllocator(a -> {
                FrameworkId fw = pool.serviceFramework(a, held.role()).id();
                pool.placed().put(task, new Pool.Placed(agent.id(), held.resources(), fw, held.service(), true, false, 0,
                        started.get(task)));
                a.allocate(fw, agent.id(), held.resources());
            }));
            instancesAdopted.forEach((task, held) -> {
                if (held.stopping()) {
                    agent.kill(task, killGrace);
                }
            });
            // tasks the leader gave up on (e.g. while the agent was lost) must not run on unnoticed
            running.stream().filter(t -> !adopted.containsKey(t) && !instancesAdopted.containsKey(t)).forEach(t -> {
                LOG.infof("agent %s runs task %s that is no longer wanted: killing it", agent.id(), t.value());
                agent.kill(t, killGrace);
            });
        }
        dispatcher.wake();
    }

    /**
     * An agent left the pool (silent too long, never back after a failover, or removed): its offers are rescinded
     * and its active attempts in the database are lost, whether it was connected to this scheduler or only expected
     * back. If it comes back it registers anew.
     */
    public void agentLost(AgentId id, String reason) {
        synchronized (pool.membership()) {
            if (pool.agents().remove(id) != null) {
                pool.onAllocator(a -> a.removeAgent(id));
                pool.placed().values().removeIf(p -> p.agent().equals(id));
            }
            LOG.warnf("agent %s lost: %s", id, reason);
            recovery.reconcile(id, Set.of(), "agent " + id + " lost: " + reason, "agent " + id + " lost: " + reason);
            instances.reconcile(id, Set.of(), "agent " + id + " lost: " + reason);
        }
        dispatcher.wake();
    }

    /** Offers (or, draining, no more offers) for a connected agent; a no-op for one not in the pool. */
    public void drain(AgentId id, boolean drain) {
        pool.onAllocator(a -> {
            if (pool.agents().containsKey(id)) {
                if (drain) {
                    a.drain(id);
                } else {
                    a.undrain(id);
                }
            }
        });
        dispatcher.wake();
    }

    /** This scheduler led and no longer does: it forgets its agents (they reconnect to the new leader) and their tasks. */
    void onLeadership(@Observes Leadership.Changed change) {
        if (!change.leader()) {
            synchronized (pool.membership()) {
                pool.clear();
            }
        }
    }
}
