package io.kairos.run;

import io.kairos.task.TaskOutcome;
import io.kairos.job.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttemptEndTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final RetryPolicy THREE = new RetryPolicy(3, 10, 2.0, 25);

    @Test
    void exit_zero_succeeds() {
        AttemptEnd e = AttemptEnd.of(TaskOutcome.exited(0), null, 0, THREE, NOW);
        assertEquals(AttemptState.FINISHED, e.attempt());
        assertEquals(RunState.SUCCEEDED, e.run());
    }

    @Test
    void a_failure_with_retries_left_queues_the_run_again_after_its_backoff() {
        AttemptEnd first = AttemptEnd.of(TaskOutcome.exited(3), null, 0, THREE, NOW);
        assertEquals(RunState.PENDING, first.run());
        assertEquals(AttemptState.FAILED, first.attempt());
        assertEquals(NOW.plusSeconds(10), first.retryAt());
        assertEquals(1, first.failures());
        assertEquals(NOW.plusSeconds(20), AttemptEnd.of(TaskOutcome.exited(3), null, 1, THREE, NOW).retryAt());
        // 40 s is capped by maxBackoffSeconds=25
        assertEquals(NOW.plusSeconds(25), AttemptEnd.of(TaskOutcome.exited(3), null, 2, THREE, NOW).retryAt());
    }

    @Test
    void the_last_failure_ends_the_run_failed_saying_retries_are_exhausted() {
        AttemptEnd e = AttemptEnd.of(TaskOutcome.exited(3), null, 3, THREE, NOW);
        assertEquals(RunState.FAILED, e.run());
        assertEquals("exited with code 3 (retries exhausted: 3)", e.reason());
        assertNull(e.retryAt());
        assertTrue(e.retriesExhausted(THREE));
        assertFalse(AttemptEnd.of(TaskOutcome.exited(3), null, 0, RetryPolicy.NONE, NOW).retriesExhausted(RetryPolicy.NONE),
                "a job without retries fails; it does not run out of them");
    }

    @Test
    void a_timeout_ends_timed_out_or_is_retried_like_a_failure() {
        assertEquals(RunState.TIMED_OUT, AttemptEnd.of(TaskOutcome.killed("stopped"), KillCause.TIMEOUT, 0, RetryPolicy.NONE, NOW).run());
        AttemptEnd retried = AttemptEnd.of(TaskOutcome.killed("stopped"), KillCause.TIMEOUT, 0, THREE, NOW);
        assertEquals(RunState.PENDING, retried.run());
        assertEquals(AttemptState.KILLED, retried.attempt());
        assertEquals("attempt 1 timed out; retry 1 of 3 at 2026-06-01T00:00:10Z", retried.reason());
    }

    @Test
    void a_kill_by_a_user_or_a_replacing_run_is_never_retried() {
        assertEquals(RunState.KILLED, AttemptEnd.of(TaskOutcome.exited(137), KillCause.USER, 0, THREE, NOW).run());
        assertEquals(RunState.KILLED, AttemptEnd.of(TaskOutcome.exited(0), KillCause.REPLACED, 0, THREE, NOW).run());
        assertEquals(AttemptState.KILLED, AttemptEnd.of(TaskOutcome.killed("x"), KillCause.USER, 0, THREE, NOW).attempt());
    }

    @Test
    void a_task_that_never_started_is_an_error_and_counts_as_a_failure() {
        AttemptEnd e = AttemptEnd.of(TaskOutcome.failedToStart("image local/x:1 not found"), null, 0, RetryPolicy.NONE, NOW);
        assertEquals(AttemptState.ERROR, e.attempt());
        assertEquals(RunState.FAILED, e.run());
        assertEquals("image local/x:1 not found", e.reason());
    }

    @Test
    void backoff_grows_by_its_factor_up_to_the_cap() {
        RetryPolicy p = new RetryPolicy(10, 1, 3.0, 20);
        assertEquals(Duration.ofSeconds(1), p.backoff(1));
        assertEquals(Duration.ofSeconds(3), p.backoff(2));
        assertEquals(Duration.ofSeconds(9), p.backoff(3));
        assertEquals(Duration.ofSeconds(20), p.backoff(4));
    }
}
