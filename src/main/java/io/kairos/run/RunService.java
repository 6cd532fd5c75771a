package io.kairos.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.task.TaskSpec;
import io.kairos.allocator.AgentId;
import io.kairos.api.ApiException;
import io.kairos.security.Access;
import io.kairos.security.AuditAction;
import io.kairos.security.AuditLog;
import io.kairos.security.Caller;
import io.kairos.api.JsonFields;
import io.kairos.job.JobDefinition;
import io.kairos.job.JobDefinitions;
import io.kairos.job.JobEntity;
import io.kairos.job.JobEvents;
import io.kairos.job.ParamBinding;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What is done to runs: run now and rerun, kill, replace, time out, skip, mark-success, and staging a queued run on an
 * agent. Each change goes through {@link RunTransitions}; reading runs is {@link RunQueries}, the queue
 * {@link RunQueue}.
 */
@ApplicationScoped
public class RunService {

    private final Clock clock;
    private final ObjectMapper json;
    private final Event<RunEvents.RunsQueued> queued;
    private final JobDefinitions definitions;
    private final RunTransitions transitions;
    private final RunQueries queries;
    private final Access access;
    private final AuditLog audit;

    RunService(Clock clock, ObjectMapper json, Event<RunEvents.RunsQueued> queued, JobDefinitions definitions,
               RunTransitions transitions, RunQueries queries, Access access, AuditLog audit) {
        this.access = access;
        this.audit = audit;
        this.queries = queries;
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
        access.requireRun(job.owner);
        JobDefinition def = definitions.of(job);
        if (!extraArgs.isEmpty() && def.args() == null && def.spark() == null) {
            throw ApiException.invalid("/extraArgs", "job '" + jobName + "' runs a shell command; only a job given as args takes extra arguments");
        }
        RunView run = queueManual(job, params, extraArgs, null);
        audit.record(AuditAction.RUN_NOW, job.name, null, "run " + run.id());
        return run;
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
        access.requireRun(job == null ? null : job.owner);
        RunView run = queueManual(job, old.params == null ? null : read(old.params), old.extraArgs(json), "rerun of run " + id);
        audit.record(AuditAction.RUN_RERUN, Long.toString(id), null, "as run " + run.id() + " of job '" + old.jobName + "'");
        return run;
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

    /**
     * Marks an ended, unsuccessful run SUCCEEDED, saying who and why in its reason, and releases its
     * dependents as if it had succeeded (a dependent it already released with softError is not run again).
     */
    @Transactional
    public RunView markSuccess(long id, String by, String why) {
        RunEntity r = lockedRun(id);
        Caller caller = access.requireRun(ownerOf(r));
        // who marked it is the token that asked, when there is one; a free-text name only on an open Kairos
        String who = caller == Caller.OPEN || caller == Caller.SYSTEM ? by : caller.name();
        RunTransitions.Applied applied = transitions.apply(r, new RunEvent.MarkSuccess(who, why));
        if (applied.refused()) {
            throw ApiException.conflict("run " + id + " " + applied.step().refused());
        }
        audit.record(AuditAction.RUN_MARK_SUCCESS, Long.toString(id), null, "by " + who + (why == null ? "" : ": " + why));
        return queries.get(id);
    }

    /** Kills a run: a queued one ends at once, a staged or running one is stopped on its agent. */
    @Transactional
    public RunView kill(long id) {
        RunEntity r = lockedRun(id);
        access.requireRun(ownerOf(r));
        return kill(r);
    }

    private RunView kill(RunEntity r) {
        long id = r.id;
        RunTransitions.Applied applied = transitions.apply(r, new RunEvent.Kill(KillCause.USER, "killed on request"));
        if (applied.refused()) {
            throw ApiException.conflict("run " + id + " " + applied.step().refused());
        }
        audit.record(AuditAction.RUN_KILL, Long.toString(id), null, "killed on request");
        return RunView.of(r, null, clock.instant());
    }

    /**
     * Kills the run unless it has ended; either way under the run's lock, so a status update landing meanwhile is
     * seen rather than lost or answered as a conflict (Livy's DELETE of a batch, which may have just finished).
     */
    @Transactional
    public void killUnlessEnded(long id) {
        RunEntity r = lockedRun(id);
        access.requireRun(ownerOf(r));
        if (!r.state().isTerminal()) {
            kill(r);
        }
    }

    /** The team owning the run's job (null: none, or the job is gone). */
    private static String ownerOf(RunEntity r) {
        JobEntity job = JobEntity.findById(r.jobId);
        return job == null ? null : job.owner;
    }

    /** A job is being deleted: its queued and running runs are killed, in the delete's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    void onJobDeleting(@Observes JobEvents.Deleting e) {
        killActiveRunsOf(e.jobId(), "job '" + e.name() + "' was deleted");
    }

    /** Kills every queued, staging and running run of the job, each in the audit log as killed by the caller. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void killActiveRunsOf(long jobId, String reason) {
        for (RunEntity r : RunEntity.<RunEntity>find("jobId = ?1 and state in ?2", jobId,
                List.of(RunState.PENDING, RunState.STAGING, RunState.RUNNING)).withLock(LockModeType.PESSIMISTIC_WRITE).list()) {
            if (!transitions.apply(r, new RunEvent.Kill(KillCause.USER, reason)).refused()) {
                audit.record(AuditAction.RUN_KILL, Long.toString(r.id), null, reason);
            }
        }
    }

    /** Stops a run of a REPLACE job for the newer run {@code by}. */
    @Transactional
    public void replace(long runId, long by) {
        transitions.apply(lockedRun(runId), new RunEvent.Kill(KillCause.REPLACED, "replaced by run " + by + " (concurrencyPolicy=REPLACE)"));
    }

    /**
     * Preempts the run whose current attempt is {@code task}: its kill goes out, and its end puts the run back in the
     * queue (see {@link KillCause#PREEMPTED}). No-op when the task is no longer a live attempt.
     */
    @Transactional
    public void preempt(io.kairos.task.TaskId task, String reason) {
        AttemptEntity.getEntityManager().createQuery("select a.runId from AttemptEntity a where a.id = ?1 and a.state in ?2", Long.class)
                .setParameter(1, task.value()).setParameter(2, AttemptState.ACTIVE).getResultStream().findFirst()
                .ifPresent(runId -> transitions.apply(lockedRun(runId), new RunEvent.Kill(KillCause.PREEMPTED, reason)));
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

    /** A queued run that missed its starting deadline is skipped, not started late. */
    @Transactional
    public void skip(long runId, String reason) {
        transitions.apply(lockedRun(runId), new RunEvent.Skip(reason));
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
        // the attempt's record of its task, without the secrets' values: those travel in the launch only
        a.task = write(spec.withoutSecrets());
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
