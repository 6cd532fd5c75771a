package io.kairos.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.agent.TaskId;
import io.kairos.allocator.AgentId;
import io.kairos.allocator.Resources;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reconciles what the database believes an agent is running with what the agent reports when it
 * (re-)registers. Known tasks are adopted; tasks the agent no longer has are LOST and their runs
 * go back to the queue, so a restart loses no run.
 */
@ApplicationScoped
public class RunRecovery {

    private static final Logger LOG = Logger.getLogger(RunRecovery.class);

    private final Clock clock;
    private final ObjectMapper json;
    private final Event<RunEvents.RunsQueued> queued;

    RunRecovery(Clock clock, ObjectMapper json, Event<RunEvents.RunsQueued> queued) {
        this.clock = clock;
        this.json = json;
        this.queued = queued;
    }

    /** @return the adopted tasks with the resources they hold */
    @Transactional
    public Map<TaskId, Resources> reconcile(AgentId agent, Set<TaskId> running) {
        return reconcile(agent, running, "agent " + agent + " re-registered without this task",
                "agent " + agent + " restarted");
    }

    /**
     * As {@link #reconcile(AgentId, Set)}, saying why the missing tasks are lost: {@code attemptMessage} on the
     * attempt, {@code cause} in the run's reason (e.g. "agent a-1 lost: silent for 30s").
     */
    @Transactional
    public Map<TaskId, Resources> reconcile(AgentId agent, Set<TaskId> running, String attemptMessage, String cause) {
        Instant now = clock.instant();
        Map<TaskId, Resources> adopted = new HashMap<>();
        List<AttemptEntity> active = AttemptEntity.list("agentId = ?1 and state in ?2", agent.value(),
                List.of(AttemptState.STAGING, AttemptState.STARTING, AttemptState.RUNNING));
        int requeued = 0;
        for (AttemptEntity a : active) {
            TaskId task = new TaskId(a.id);
            if (running.contains(task)) {
                adopted.put(task, resourcesOf(a));
                continue;
            }
            a.moveTo(AttemptState.LOST, now);
            a.message = attemptMessage;
            RunEntity r = RunEntity.findById(a.runId, LockModeType.PESSIMISTIC_WRITE);
            if (r.state.isTerminal()) {
                continue;
            }
            if (r.killRequested) {
                r.moveTo(RunState.KILLED, now);
            } else {
                r.moveTo(RunState.PENDING, now);
                r.reason = "attempt " + a.number + " was lost (" + cause + "); queued again";
                requeued++;
            }
        }
        if (requeued > 0) {
            LOG.infof("agent %s: %d lost attempts queued again", agent, requeued);
            queued.fire(new RunEvents.RunsQueued(requeued));
        }
        return adopted;
    }

    private Resources resourcesOf(AttemptEntity a) {
        try {
            JsonNode t = json.readTree(a.task);
            return new Resources(t.path("cpus").asDouble(), t.path("memMb").asLong(), 0);
        } catch (Exception e) {
            return Resources.NONE;
        }
    }
}
