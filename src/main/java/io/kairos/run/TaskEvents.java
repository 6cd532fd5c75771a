package io.kairos.run;

import io.kairos.agent.LogStream;
import io.kairos.agent.TaskId;
import io.kairos.agent.TaskListener;
import io.kairos.agent.TaskOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.jboss.logging.Logger;

import org.eclipse.microprofile.faulttolerance.Retry;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
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
    private final Event<RunEvents.RunEnded> runEnded;

    TaskEvents(Clock clock, LogStore logs, Event<TaskEnded> ended, Event<RunEvents.RunEnded> runEnded) {
        this.clock = clock;
        this.logs = logs;
        this.ended = ended;
        this.runEnded = runEnded;
    }

    /** A task left its agent: its resources are free again. Fired after the commit. */
    public record TaskEnded(TaskId task) {
    }

    @Override
    @Retry(delay = 500, jitter = 250, maxRetries = 600, maxDuration = 10, durationUnit = ChronoUnit.MINUTES,
            abortOn = IllegalTransitionException.class)
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
     * Retried for up to ten minutes while the database is unreachable (a restart, a failover), so
     * an ending is not lost; an illegal transition is a bug and is not retried.
     */
    @Override
    @Retry(delay = 500, jitter = 250, maxRetries = 1200, maxDuration = 10, durationUnit = ChronoUnit.MINUTES,
            abortOn = IllegalTransitionException.class)
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
        a.moveTo(attemptEnd(outcome, r.killRequested), now);
        RunState runEnd = runEnd(outcome, r.killRequested);
        if (!r.state.isTerminal()) {
            r.moveTo(runEnd, now);
            r.exitCode = outcome.exitCode();
            if (outcome.message() != null && runEnd != RunState.KILLED) {
                r.reason = outcome.message();
            } else if (runEnd == RunState.FAILED && outcome.exitCode() != null) {
                r.reason = "exited with code " + outcome.exitCode();
            }
            // in this transaction: dependents are triggered with this ending or not at all
            runEnded.fire(new RunEvents.RunEnded(r.id, r.jobId, r.state));
        } else {
            LOG.warnf("attempt %d ended %s after its run %d had already ended %s", a.id, a.state, r.id, r.state);
        }
        ended.fire(new TaskEnded(task));
    }

    static AttemptState attemptEnd(TaskOutcome o, boolean killRequested) {
        return switch (o.kind()) {
            case KILLED -> AttemptState.KILLED;
            case FAILED_TO_START -> AttemptState.ERROR;
            case EXITED -> killRequested ? AttemptState.KILLED
                    : o.exitCode() != null && o.exitCode() == 0 ? AttemptState.FINISHED : AttemptState.FAILED;
        };
    }

    static RunState runEnd(TaskOutcome o, boolean killRequested) {
        if (killRequested || o.kind() == TaskOutcome.Kind.KILLED) {
            return RunState.KILLED;
        }
        return o.kind() == TaskOutcome.Kind.EXITED && o.exitCode() != null && o.exitCode() == 0 ? RunState.SUCCEEDED : RunState.FAILED;
    }
}
