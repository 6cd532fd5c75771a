package io.kairos.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.agent.TaskId;
import io.kairos.allocator.AgentId;
import io.kairos.allocator.PortRanges;
import io.kairos.allocator.Resources;
import io.kairos.job.JobDefinitions;
import io.kairos.job.JobJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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
    private final JobDefinitions definitions;
    private final Event<RunEvents.RunsQueued> queued;

    RunRecovery(Clock clock, ObjectMapper json, Event<RunEvents.RunsQueued> queued, JobDefinitions definitions) {
        this.clock = clock;
        this.json = json;
        this.definitions = definitions;
        this.queued = queued;
    }

    /** Agents the database has staging or running attempts on: the ones a new leader waits for. */
    @Transactional
    public List<AgentId> agentsWithActiveAttempts() {
        return AttemptEntity.getEntityManager()
                .createQuery("select distinct a.agentId from AttemptEntity a where a.state in ?1 and a.agentId is not null", String.class)
                .setParameter(1, List.of(AttemptState.STAGING, AttemptState.STARTING, AttemptState.RUNNING))
                .getResultList().stream().map(AgentId::new).toList();
    }

    /** @return the adopted tasks with the resources they hold */
    @Transactional
    public Map<TaskId, Adopted> reconcile(AgentId agent, Set<TaskId> running) {
        return reconcile(agent, running, "agent " + agent + " re-registered without this task",
                "agent " + agent + " restarted");
    }

    /**
     * As {@link #reconcile(AgentId, Set)}, saying why the missing tasks are lost: {@code attemptMessage} on the
     * attempt, {@code cause} in the run's reason (e.g. "agent a-1 lost: silent for 30s").
     */
    @Transactional
    public Map<TaskId, Adopted> reconcile(AgentId agent, Set<TaskId> running, String attemptMessage, String cause) {
        Instant now = clock.instant();
        Map<TaskId, Adopted> adopted = new HashMap<>();
        List<AttemptEntity> active = AttemptEntity.list("agentId = ?1 and state in ?2", agent.value(),
                List.of(AttemptState.STAGING, AttemptState.STARTING, AttemptState.RUNNING));
        int requeued = 0;
        for (AttemptEntity a : active) {
            TaskId task = new TaskId(a.id);
            if (running.contains(task)) {
                RunEntity run = RunEntity.findById(a.runId);
                io.kairos.job.JobEntity job = io.kairos.job.JobEntity.findById(run.jobId);
                adopted.put(task, new Adopted(resourcesOf(a), run.jobName, job == null ? JobJson.DEFAULT_ROLE : roleOf(job)));
                continue;
            }
            a.moveTo(AttemptState.LOST, now);
            a.message = attemptMessage;
            RunEntity r = RunEntity.findById(a.runId, LockModeType.PESSIMISTIC_WRITE);
            if (r.state.isTerminal()) {
                continue;
            }
            if (r.killCause == KillCause.TIMEOUT) {
                r.moveTo(RunState.TIMED_OUT, now);
            } else if (r.killCause != null) {
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

    /** A task that keeps running where it runs: what it holds, and for which job and role. */
    public record Adopted(Resources resources, String job, String role) {
    }

    private String roleOf(io.kairos.job.JobEntity job) {
        return definitions.of(job).role();
    }

    private Resources resourcesOf(AttemptEntity a) {
        try {
            JsonNode t = json.readTree(a.task);
            List<Integer> ports = new ArrayList<>();
            t.path("ports").forEach(p -> ports.add(p.asInt()));
            return new Resources(t.path("cpus").asDouble(), t.path("memMb").asLong(), 0, t.path("gpus").asLong(),
                    PortRanges.ofPorts(ports));
        } catch (Exception e) {
            return Resources.NONE;
        }
    }
}
