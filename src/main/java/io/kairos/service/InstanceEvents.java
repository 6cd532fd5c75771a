package io.kairos.service;

import io.kairos.allocator.AgentId;
import io.kairos.task.TaskId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Applies lifecycle events to instances and carries out their effects: the one place an instance's state changes.
 * Agents' reports, the framework's stops and recovery all come through {@link #apply}.
 */
@ApplicationScoped
public class InstanceEvents {

    private static final Logger LOG = Logger.getLogger(InstanceEvents.class);
    /** An instance that ran this long before failing starts its service's back-off over. */
    static final Duration RAN_LONG = Duration.ofMinutes(1);

    private final Clock clock;
    private final Event<InstanceEnded> ended;
    private final Event<KillRequested> kills;
    private final ServiceStore store;
    private final Event<InstanceChanged> changed;

    InstanceEvents(Clock clock, Event<InstanceEnded> ended, Event<KillRequested> kills, ServiceStore store,
                   Event<InstanceChanged> changed) {
        this.clock = clock;
        this.changed = changed;
        this.ended = ended;
        this.kills = kills;
        this.store = store;
    }

    /** An instance left its agent: its resources are free again. Observed after the commit. */
    public record InstanceEnded(TaskId task) {
    }

    /**
     * An instance changed state or health, for whoever follows the services (Marathon's event stream). Observed after
     * the commit.
     */
    public record InstanceChanged(String serviceId, TaskId task, InstanceState state, InstanceLifecycle.Health health,
                                  String agentId, String host, Instant at) {
    }

    /** Kairos stops an instance: its agent is to kill it. Observed after the commit. */
    public record KillRequested(TaskId task, AgentId agent) {
    }

    /**
     * Applies {@code event} to instance {@code task}, in a transaction of its own, if the instance exists and, with
     * {@code from} set, was placed on that agent (another agent's report changes nothing).
     *
     * @return false when there is no such instance
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean report(TaskId task, String from, InstanceLifecycle.Event event) {
        InstanceEntity i = InstanceEntity.findById(task.value(), LockModeType.PESSIMISTIC_WRITE);
        if (i == null) {
            return false;
        }
        if (from != null && !from.equals(i.agentId)) {
            LOG.warnf("agent %s reported on instance %d, which was placed on agent %s: refused", from, task.value(), i.agentId);
            return true;
        }
        apply(i, event);
        return true;
    }

    /** Applies {@code event} to a locked instance, within the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(InstanceEntity i, InstanceLifecycle.Event event) {
        InstanceLifecycle.Facts before = i.facts();
        InstanceLifecycle.Step step = InstanceLifecycle.next(before, event);
        InstanceLifecycle.Facts after = step.after();
        if (after.state() != before.state() && !before.state().canMoveTo(after.state())) {
            throw new IllegalStateException("instance " + i.id + ": " + before.state() + " -> " + after.state() + " is not a legal move");
        }
        Instant now = clock.instant();
        i.state = after.state();
        i.health = after.health();
        i.healthMessage = after.healthMessage();
        i.startedAt = after.startedAt();
        i.stopReason = after.stopReason();
        i.message = after.message();
        i.exitCode = after.exitCode();
        if (after.state().isTerminal() && i.finishedAt == null) {
            i.finishedAt = now;
        }
        if (before.state() != after.state() || before.health() != after.health()) {
            changed.fire(new InstanceChanged(i.serviceId, new TaskId(i.id), after.state(), after.health(), i.agentId, i.host, now));
        }
        for (InstanceLifecycle.Effect e : step.effects()) {
            switch (e) {
                case SEND_KILL -> kills.fire(new KillRequested(new TaskId(i.id), new AgentId(i.agentId)));
                case RELEASE -> ended.fire(new InstanceEnded(new TaskId(i.id)));
                case COUNT_FAILURE -> store.failed(i.serviceId, ranLong(before, now), now);
                case RESET_BACKOFF -> store.recovered(i.serviceId);
            }
        }
    }

    private static boolean ranLong(InstanceLifecycle.Facts f, Instant now) {
        return f.startedAt() != null && Duration.between(f.startedAt(), now).compareTo(RAN_LONG) >= 0;
    }
}
