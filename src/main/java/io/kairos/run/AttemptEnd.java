package io.kairos.run;

import io.kairos.task.TaskOutcome;
import io.kairos.job.RetryPolicy;

import java.time.Instant;

/**
 * What an attempt's end means for its run: the decision as data, no I/O, so every combination is
 * a plain unit test. A failure (non-zero exit, a task that did not start, a timeout, a kill nobody
 * asked for) is retried while {@code failures <= retries.max}; a user's or a REPLACE kill never is.
 */
public record AttemptEnd(AttemptState attempt, RunState run, String reason, Instant retryAt, int failures) {

    /** The run failed for good after using every retry it had (a policy without retries never "exhausts" them). */
    public boolean retriesExhausted(RetryPolicy retries) {
        return (run == RunState.FAILED || run == RunState.TIMED_OUT) && retries.max() > 0 && failures > retries.max();
    }

    public static AttemptEnd of(TaskOutcome o, KillCause cause, int failuresBefore, RetryPolicy retries, Instant now) {
        if (cause == KillCause.USER || cause == KillCause.REPLACED) {
            return new AttemptEnd(AttemptState.KILLED, RunState.KILLED, null, null, failuresBefore);
        }
        if (cause == null && o.kind() == TaskOutcome.Kind.EXITED && o.exitCode() != null && o.exitCode() == 0) {
            return new AttemptEnd(AttemptState.FINISHED, RunState.SUCCEEDED, null, null, failuresBefore);
        }
        AttemptState attempt = cause == KillCause.TIMEOUT ? AttemptState.KILLED
                : switch (o.kind()) {
                    case EXITED -> AttemptState.FAILED;
                    case KILLED -> AttemptState.KILLED;
                    case FAILED_TO_START, NOT_LAUNCHED -> AttemptState.ERROR;
                };
        RunState end = cause == KillCause.TIMEOUT ? RunState.TIMED_OUT : RunState.FAILED;
        String why = cause == KillCause.TIMEOUT ? "timed out"
                : o.kind() == TaskOutcome.Kind.EXITED ? "exited with code " + o.exitCode()
                : o.message() != null ? o.message() : "killed";
        int failures = failuresBefore + 1;
        if (failures <= retries.max()) {
            Instant at = now.plus(retries.backoff(failures));
            return new AttemptEnd(attempt, RunState.PENDING,
                    "attempt " + failures + " " + why + "; retry " + failures + " of " + retries.max() + " at " + at, at, failures);
        }
        String exhausted = retries.max() > 0 ? " (retries exhausted: " + retries.max() + ")" : "";
        return new AttemptEnd(attempt, end, why + exhausted, null, failures);
    }
}
