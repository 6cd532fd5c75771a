package io.kairos.run;

import io.kairos.agent.LogStream;
import io.kairos.agent.TaskId;
import io.kairos.agent.TaskListener;
import io.kairos.agent.TaskOutcome;
import io.kairos.job.JobEntity;
import io.kairos.job.JobService;
import io.kairos.job.RetryPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;

/**
 * What agents report about tasks, applied to attempts and runs. Every report is idempotent: a
 * status that was already applied (a re-sent update) changes nothing.
 */
@ApplicationScoped
public class TaskEvents implements TaskListener {

    private static final Logger LOG = Logger.getLogger(TaskEvents.class);

    private final Clock clock;
    private final LogStore logs;
    private final Event<TaskEnded> ended;
    private final Event<RunEvents.RunsQueued> queued;
    private final Event<RunEvents.RunEnded> runEnded;
    private final JobService jobs;
    private final RunMetrics metrics;

    TaskEvents(Clock clock, LogStore logs, Event<TaskEnded> ended, Event<RunEvents.RunsQueued> queued,
               Event<RunEvents.RunEnded> runEnded, JobService jobs, RunMetrics metrics) {
        this.clock = clock;
        this.logs = logs;
        this.ended = ended;
        this.queued = queued;
        this.runEnded = runEnded;
        this.jobs = jobs;
        this.metrics = metrics;
    }

    /** A task left its agent: its resources are free again. Fired after the commit. */
    public record TaskEnded(TaskId task) {
    }

    @Override
    public void onStarted(TaskId task, String containerId) {
        QuarkusTransaction.requiringNew().run(() -> started(task, containerId));
    }

    private void started(TaskId task, String containerId) {
        AttemptEntity a = AttemptEntity.findById(task.value(), LockModeType.PESSIMISTIC_WRITE);
        if (a == null || a.state.isTerminal() || a.state == AttemptState.RUNNING) {
            return;
        }
        Instant now = clock.instant();
        a.moveTo(AttemptState.RUNNING, now);
        a.containerId = containerId;
        RunEntity r = RunEntity.findById(a.runId, LockModeType.PESSIMISTIC_WRITE);
        if (r.state == RunState.STAGING) {
            r.moveTo(RunState.RUNNING, now);
        }
        r.containerId = containerId;
    }

    @Override
    public void onOutput(TaskId task, LogStream stream, byte[] data) {
        logs.append(task.value(), stream, data);
    }

    /**
     * Not retried here: the agent's report lane tries a failed update again with back-off while the database is
     * unreachable (see AgentEndpoint), holding no thread meanwhile.
     */
    @Override
    public void onFinished(TaskId task, TaskOutcome outcome) {
        // all output is stored before the end is: a reader who sees the run ended sees its whole log
        logs.close(task.value());
        QuarkusTransaction.requiringNew().run(() -> finished(task, outcome));
    }

    private void finished(TaskId task, TaskOutcome outcome) {
        AttemptEntity a = AttemptEntity.findById(task.value(), LockModeType.PESSIMISTIC_WRITE);
        if (a == null || a.state.isTerminal()) {
            // already recorded, or deleted with its job: the task's resources are free all the same
            ended.fire(new TaskEnded(task));
            return;
        }
        Instant now = clock.instant();
        RunEntity r = RunEntity.findById(a.runId, LockModeType.PESSIMISTIC_WRITE);
        a.exitCode = outcome.exitCode();
        a.message = outcome.message();
        RetryPolicy retries = retriesOf(r);
        AttemptEnd end = AttemptEnd.of(outcome, r.killCause, r.failures, retries, now);
        a.moveTo(end.attempt(), now);
        if (r.state.isTerminal()) {
            LOG.warnf("attempt %d ended %s after its run %d had already ended %s", a.id, a.state, r.id, r.state);
        } else {
            r.moveTo(end.run(), now);
            r.exitCode = outcome.exitCode();
            r.failures = end.failures();
            if (end.reason() != null) {
                r.reason = end.reason();
            }
            if (end.run() == RunState.PENDING) {
                r.notBefore = end.retryAt();
                r.killCause = null;
                queued.fire(new RunEvents.RunsQueued(1));
            } else {
                metrics.ended(r);
                // in this transaction: dependents are triggered with this ending or not at all
                runEnded.fire(new RunEvents.RunEnded(r.id, r.jobId, r.state, end.retriesExhausted(retries)));
            }
        }
        ended.fire(new TaskEnded(task));
    }

    private RetryPolicy retriesOf(RunEntity r) {
        JobEntity job = JobEntity.findById(r.jobId);
        return job == null ? RetryPolicy.NONE : jobs.definition(job).retries();
    }
}
