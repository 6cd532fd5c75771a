package io.kairos.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.task.TaskId;
import io.kairos.allocator.AgentId;
import io.kairos.allocator.PortRanges;
import io.kairos.allocator.Resources;
import io.kairos.job.JobDefinitions;
import io.kairos.job.JobJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reconciles what the database believes an agent is running with what the agent reports when it
 * (re-)registers. Known tasks are adopted; tasks the agent no longer has are LOST, and their runs go
 * where {@link RunLifecycle} sends a lost attempt (back to the queue, or to the end a kill meant).
 */
@ApplicationScoped
public class RunRecovery {

    private static final Logger LOG = Logger.getLogger(RunRecovery.class);

    private final ObjectMapper json;
    private final JobDefinitions definitions;
    private final RunTransitions transitions;

    RunRecovery(ObjectMapper json, JobDefinitions definitions, RunTransitions transitions) {
        this.json = json;
        this.definitions = definitions;
        this.transitions = transitions;
    }

    /** Agents the database has staging or running attempts on: the ones a new leader waits for. */
    @Transactional
    public List<AgentId> agentsWithActiveAttempts() {
        return AttemptEntity.getEntityManager()
                .createQuery("select distinct a.agentId from AttemptEntity a where a.state in ?1 and a.agentId is not null", String.class)
                .setParameter(1, AttemptState.ACTIVE)
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
        Map<TaskId, Adopted> adopted = new HashMap<>();
        // ids only: each lost attempt is locked by the transition, after its run
        List<Object[]> active = AttemptEntity.getEntityManager().createQuery(
                        "select a.id, a.runId, a.number, a.task, coalesce(a.startedAt, a.createdAt) from AttemptEntity a"
                                + " where a.agentId = ?1 and a.state in ?2", Object[].class)
                .setParameter(1, agent.value()).setParameter(2, AttemptState.ACTIVE).getResultList();
        int lost = 0;
        for (Object[] row : active) {
            TaskId task = new TaskId((Long) row[0]);
            RunEntity run = RunEntity.findById(row[1], LockModeType.PESSIMISTIC_WRITE);
            if (running.contains(task)) {
                io.kairos.job.JobEntity job = io.kairos.job.JobEntity.findById(run.jobId);
                io.kairos.job.JobDefinition def = job == null ? null : definitions.of(job);
                adopted.put(task, new Adopted(resourcesOf(json, (String) row[3]), run.jobName, def == null ? JobJson.DEFAULT_ROLE : def.role(),
                        def != null && def.tier() == io.kairos.job.Tier.REVOCABLE, def == null ? 0 : def.priority(), (Instant) row[4]));
                continue;
            }
            transitions.apply(run, new RunEvent.Lost((Integer) row[2], attemptMessage, cause));
            lost++;
        }
        if (lost > 0) {
            LOG.infof("agent %s: %d attempts lost (%s)", agent, lost, cause);
        }
        return adopted;
    }

    /**
     * A task that keeps running where it runs: what it holds, for which job and role, whether it may be preempted, and
     * since when it runs ({@code since}: its attempt's start, or its staging when no start was reported yet).
     */
    public record Adopted(Resources resources, String job, String role, boolean revocable, int priority, Instant since) {
    }

    /** What a task held on its agent, read from its stored JSON (a {@code TaskSpec}); nothing when it cannot be read. */
    public static Resources resourcesOf(ObjectMapper json, String task) {
        try {
            JsonNode t = json.readTree(task);
            List<Integer> ports = new ArrayList<>();
            t.path("ports").forEach(p -> ports.add(p.asInt()));
            return new Resources(t.path("cpus").asDouble(), t.path("memMb").asLong(), 0, t.path("gpus").asLong(),
                    PortRanges.ofPorts(ports));
        } catch (Exception e) {
            return Resources.NONE;
        }
    }
}
