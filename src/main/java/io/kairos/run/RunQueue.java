package io.kairos.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.allocator.AgentId;
import io.kairos.job.JobDefinition;
import io.kairos.job.JobDefinitions;
import io.kairos.job.JobEntity;
import io.kairos.job.ParamBinding;
import io.kairos.task.TaskId;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The queue as the batch framework and the console see it: runs waiting (with their jobs' definitions), runs going
 * by job, why a run waits, and kills owed to agents. Placing a run is a command ({@link RunService#stage}).
 */
@ApplicationScoped
public class RunQueue {

    private final Clock clock;
    private final ObjectMapper json;
    private final JobDefinitions definitions;

    RunQueue(Clock clock, ObjectMapper json, JobDefinitions definitions) {
        this.clock = clock;
        this.json = json;
        this.definitions = definitions;
    }

    /**
     * Kills asked for and not yet done: runs with a kill cause whose current attempt still stages or runs. The
     * request itself is a row change; whichever scheduler leads carries it out, also after a crash or failover
     * between the request and the agent hearing of it.
     */
    @Transactional
    public List<RunEvents.KillRequested> killsOwed() {
        return em().createQuery("select a.agentId, a.id from AttemptEntity a, RunEntity r where r.id = a.runId"
                        + " and r.killCause is not null and r.state in ?1 and a.state in ?2", Object[].class)
                .setParameter(1, List.of(RunState.STAGING, RunState.RUNNING))
                .setParameter(2, AttemptState.ACTIVE)
                .getResultList().stream()
                .map(row -> new RunEvents.KillRequested(new AgentId((String) row[0]), new TaskId((Long) row[1])))
                .toList();
    }

    /**
     * The oldest queued runs with their jobs' definitions, for the batch framework: among them, a job's higher
     * {@code priority} goes first, then age (the window is the oldest {@code limit}, so a high priority does not jump a
     * longer queue than that).
     */
    @Transactional
    public List<PendingRun> pending(int limit) {
        // a retry waiting out its backoff stays in the queue but is not offered yet
        List<RunEntity> runs = RunEntity.<RunEntity>find("state = ?1 and (notBefore is null or notBefore <= ?2)", Sort.by("id"),
                RunState.PENDING, clock.instant()).page(0, limit).list();
        Map<Long, JobDefinition> jobs = new HashMap<>();
        if (!runs.isEmpty()) {
            JobEntity.<JobEntity>list("id in ?1", runs.stream().map(r -> r.jobId).distinct().toList())
                    .forEach(j -> jobs.put(j.id, definitions.of(j)));
        }
        return runs.stream().filter(r -> jobs.containsKey(r.jobId))
                .sorted(java.util.Comparator.comparingInt((RunEntity r) -> -jobs.get(r.jobId).priority()))
                .map(r -> new PendingRun(r.id, r.jobId, r.trigger, r.scheduledAt, r.reason, jobs.get(r.jobId),
                        boundParams(r, jobs.get(r.jobId)), r.maxParallel, r.extraArgs(json))).toList();
    }

    @Transactional
    public List<RunView> queue(int limit) {
        Instant now = clock.instant();
        return RunEntity.<RunEntity>find("state", Sort.by("id"), RunState.PENDING).page(0, limit).list().stream()
                .map(r -> RunView.of(r, null, now)).toList();
    }

    /** Runs staging or running now, by job, for the jobs given. */
    @Transactional
    public Map<Long, List<Long>> going(java.util.Collection<Long> jobIds) {
        Map<Long, List<Long>> out = new HashMap<>();
        if (!jobIds.isEmpty()) {
            RunEntity.<RunEntity>list("jobId in ?1 and state in ?2", jobIds, List.of(RunState.STAGING, RunState.RUNNING))
                    .forEach(r -> out.computeIfAbsent(r.jobId, k -> new java.util.ArrayList<>()).add(r.id));
        }
        return out;
    }

    /** A run nobody gave values to (scheduled, dependency) takes the job's defaults as they are when it is staged. */
    private Map<String, Object> boundParams(RunEntity r, JobDefinition job) {
        if (r.params == null) {
            return ParamBinding.defaults(job.parameters());
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> values = json.readValue(r.params, java.util.LinkedHashMap.class);
            return values;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("params of run " + r.id + " are unreadable", e);
        }
    }

    /** BACKFILL runs staging or running now, counted by job, for the jobs given. */
    @Transactional
    public Map<Long, Integer> goingBackfills(java.util.Collection<Long> jobIds) {
        Map<Long, Integer> out = new HashMap<>();
        if (!jobIds.isEmpty()) {
            RunEntity.<RunEntity>list("jobId in ?1 and trigger = 'BACKFILL' and state in ?2", jobIds,
                    List.of(RunState.STAGING, RunState.RUNNING)).forEach(r -> out.merge(r.jobId, 1, Integer::sum));
        }
        return out;
    }

    @Transactional
    public void explainPending(long runId, String reason) {
        RunEntity.update("waitingFor = ?1 where id = ?2 and state = ?3", reason, runId, RunState.PENDING);
    }

    /** Looked up per use: the agent role runs without a persistence unit, where a bean holding one cannot start. */
    private static EntityManager em() {
        return Panache.getEntityManager();
    }
}
