package io.kairos.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.task.TaskId;
import io.kairos.task.TaskSpec;
import io.kairos.allocator.AgentId;
import io.kairos.api.ApiException;
import io.kairos.api.JsonFields;
import io.kairos.api.Page;
import io.kairos.job.JobDefinition;
import io.kairos.job.JobDefinitions;
import io.kairos.job.JobEntity;
import io.kairos.job.JobEvents;
import io.kairos.job.ParamBinding;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs and their attempts: creating, staging, killing and reading them. */
@ApplicationScoped
public class RunService {

    private final Clock clock;
    private final ObjectMapper json;
    private final Event<RunEvents.RunsQueued> queued;
    private final JobDefinitions definitions;
    private final RunTransitions transitions;

    RunService(Clock clock, ObjectMapper json, Event<RunEvents.RunsQueued> queued, JobDefinitions definitions,
               RunTransitions transitions) {
        this.clock = clock;
        this.json = json;
        this.queued = queued;
        this.definitions = definitions;
        this.transitions = transitions;
    }

    /**
     * Run now: a MANUAL run whose logical time is the request time, with {@code params} (a JSON
     * object, or null for none) bound to the job's parameters.
     */
    @Transactional
    public RunView runNow(String jobName, JsonNode params) {
        return runNow(jobName, params, List.of());
    }

    /**
     * As {@link #runNow(String, JsonNode)}, with {@code extraArgs} appended to the job's argv for this run
     * (and its re-runs; for a Spark job, the application's arguments). Only a job given as {@code args} or
     * {@code spark} takes them: a shell command would have to splice them into its text, where they could mean
     * anything.
     */
    @Transactional
    public RunView runNow(String jobName, JsonNode params, List<String> extraArgs) {
        JobEntity job = JobEntity.<JobEntity>find("name", jobName).firstResultOptional()
                .orElseThrow(() -> ApiException.notFound("no job named '" + jobName + "'"));
        JobDefinition def = definitions.of(job);
        if (!extraArgs.isEmpty() && def.args() == null && def.spark() == null) {
            throw ApiException.invalid("/extraArgs", "job '" + jobName + "' runs a shell command; only a job given as args takes extra arguments");
        }
        return queueManual(job, params, extraArgs, null);
    }

    /**
     * Runs a finished run's job again with the run's parameter values, bound anew (so a parameter
     * the job has dropped since is refused, and one it gained takes its default).
     */
    @Transactional
    public RunView rerun(long id) {
        RunEntity old = run(id);
        if (!old.state().isTerminal()) {
            throw ApiException.conflict("run " + id + " is " + old.state() + "; only a finished run can be rerun");
        }
        JobEntity job = JobEntity.findById(old.jobId);
        return queueManual(job, old.params == null ? null : read(old.params), extraArgs(old), "rerun of run " + id);
    }

    private RunView queueManual(JobEntity job, JsonNode params, List<String> extraArgs, String reason) {
        JsonFields fields = new JsonFields();
        Map<String, Object> bound = ParamBinding.bind(definitions.of(job).parameters(), params, fields);
        fields.throwIfInvalid();
        Instant now = clock.instant();
        RunEntity r = NewRuns.queued(job.id, job.name, "MANUAL", now, reason, now);
        r.params = write(bound);
        r.extraArgs = extraArgs.isEmpty() ? null : write(extraArgs);
        r.persist();
        queued.fire(new RunEvents.RunsQueued(1));
        return RunView.of(r, List.of(), now);
    }

    @Transactional
    public RunView get(long id) {
        RunEntity r = run(id);
        List<RunView.AttemptView> attempts = AttemptEntity.<AttemptEntity>find("runId", Sort.by("number"), id).stream()
                .map(RunView.AttemptView::of).toList();
        return RunView.of(r, attempts, clock.instant()).withTriggeredBy(triggeredBy(List.of(id)).getOrDefault(id, List.of()));
    }

    /**
     * Marks an ended, unsuccessful run SUCCEEDED, saying who and why in its reason, and releases its
     * dependents as if it had succeeded (a dependent it already released with softError is not run again).
     */
    @Transactional
    public RunView markSuccess(long id, String by, String why) {
        RunTransitions.Applied applied = transitions.apply(lockedRun(id), new RunEvent.MarkSuccess(by, why));
        if (applied.refused()) {
            throw ApiException.conflict("run " + id + " " + applied.step().refused());
        }
        return get(id);
    }

    /** The parent runs that triggered each of {@code runIds} (only DEPENDENCY runs have any). */
    private Map<Long, List<RunView.TriggeredBy>> triggeredBy(List<Long> runIds) {
        Map<Long, List<RunView.TriggeredBy>> out = new HashMap<>();
        if (runIds.isEmpty()) {
            return out;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("SELECT child_run_id, parent_run_id, parent_job FROM run_trigger"
                        + " WHERE child_run_id IN (:ids) ORDER BY child_run_id, parent_job")
                .setParameter("ids", runIds).getResultList();
        rows.forEach(row -> out.computeIfAbsent(((Number) row[0]).longValue(), k -> new ArrayList<>())
                .add(new RunView.TriggeredBy(((Number) row[1]).longValue(), (String) row[2])));
        return out;
    }

    @Transactional
    public Page<RunView> listForJob(String jobName, int page, int size) {
        JobEntity job = JobEntity.<JobEntity>find("name", jobName).firstResultOptional()
                .orElseThrow(() -> ApiException.notFound("no job named '" + jobName + "'"));
        var q = RunEntity.<RunEntity>find("jobId", Sort.by("id").descending(), job.id);
        Instant now = clock.instant();
        List<RunEntity> rows = q.page(page, size).list();
        Map<Long, List<RunView.TriggeredBy>> triggers = triggeredBy(rows.stream().map(r -> r.id).toList());
        return new Page<>(rows.stream().map(r -> RunView.of(r, null, now).withTriggeredBy(triggers.getOrDefault(r.id, List.of())))
                .toList(), page, size, q.count());
    }

    /** Kills a run: a queued one ends at once, a staged or running one is stopped on its agent. */
    @Transactional
    public RunView kill(long id) {
        RunEntity r = lockedRun(id);
        RunTransitions.Applied applied = transitions.apply(r, new RunEvent.Kill(KillCause.USER, "killed on request"));
        if (applied.refused()) {
            throw ApiException.conflict("run " + id + " " + applied.step().refused());
        }
        return RunView.of(r, null, clock.instant());
    }

    /** A job is being deleted: its queued and running runs are killed, in the delete's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    void onJobDeleting(@Observes JobEvents.Deleting e) {
        killActiveRunsOf(e.jobId(), "job '" + e.name() + "' was deleted");
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void killActiveRunsOf(long jobId, String reason) {
        RunEntity.<RunEntity>find("jobId = ?1 and state in ?2", jobId, List.of(RunState.PENDING, RunState.STAGING, RunState.RUNNING))
                .withLock(LockModeType.PESSIMISTIC_WRITE).list()
                .forEach(r -> transitions.apply(r, new RunEvent.Kill(KillCause.USER, reason)));
    }

    /** Stops a run of a REPLACE job for the newer run {@code by}. */
    @Transactional
    public void replace(long runId, long by) {
        transitions.apply(lockedRun(runId), new RunEvent.Kill(KillCause.REPLACED, "replaced by run " + by + " (concurrencyPolicy=REPLACE)"));
    }

    /** @return true the first time: the run was not marked overdue before */
    @Transactional
    public boolean markOverdue(long runId) {
        RunEntity r = lockedRun(runId);
        if (r.overdue || r.state().isTerminal()) {
            return false;
        }
        r.overdue = true;
        return true;
    }

    /** The attempt ran past the job's timeoutSeconds. */
    @Transactional
    public void timeOut(long runId, int timeoutSeconds) {
        transitions.apply(lockedRun(runId), new RunEvent.Kill(KillCause.TIMEOUT, "attempt ran longer than timeoutSeconds=" + timeoutSeconds));
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

    /** The oldest queued runs with their jobs' definitions, for the batch framework. */
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
                .map(r -> new PendingRun(r.id, r.jobId, r.trigger, r.scheduledAt, r.reason, jobs.get(r.jobId),
                        boundParams(r, jobs.get(r.jobId)), r.maxParallel, extraArgs(r))).toList();
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

    private List<String> extraArgs(RunEntity r) {
        if (r.extraArgs == null) {
            return List.of();
        }
        try {
            return List.of(json.readValue(r.extraArgs, String[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("extra arguments of run " + r.id + " are unreadable", e);
        }
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

    /** A queued run that missed its starting deadline is skipped, not started late. */
    @Transactional
    public void skip(long runId, String reason) {
        transitions.apply(lockedRun(runId), new RunEvent.Skip(reason));
    }

    @Transactional
    public void explainPending(long runId, String reason) {
        RunEntity.update("waitingFor = ?1 where id = ?2 and state = ?3", reason, runId, RunState.PENDING);
    }

    /**
     * Moves a queued run to STAGING with a new attempt on {@code agent}, and returns the task to
     * send. Empty when the run left the queue meanwhile (killed, or staged by another leader).
     * A run without parameter values records {@code params}, the ones its task gets.
     */
    @Transactional
    public Optional<TaskSpec> stage(long runId, AgentId agent, Map<String, Object> params,
                                    java.util.function.Function<Long, TaskSpec> taskFor) {
        RunEntity r = RunEntity.findById(runId, LockModeType.PESSIMISTIC_WRITE);
        if (r == null || r.state() != RunState.PENDING) {
            return Optional.empty();
        }
        if (r.params == null) {
            r.params = write(params);
        }
        AttemptEntity a = transitions.apply(r, new RunEvent.Stage(agent.value())).attempt();
        TaskSpec spec = taskFor.apply(a.id);
        a.task = write(spec);
        return Optional.of(spec);
    }

    RunEntity run(long id) {
        RunEntity r = RunEntity.findById(id);
        if (r == null) {
            throw ApiException.notFound("no run with id " + id);
        }
        return r;
    }

    /**
     * Changes to a run from the API, the dispatcher and agents' reports race each other; each
     * takes the row lock, so they apply one after the other instead of failing on the version.
     */
    RunEntity lockedRun(long id) {
        RunEntity r = RunEntity.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (r == null) {
            throw ApiException.notFound("no run with id " + id);
        }
        return r;
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Looked up per use: the agent role runs without a persistence unit, where a bean holding one cannot start. */
    private static EntityManager em() {
        return Panache.getEntityManager();
    }
}
