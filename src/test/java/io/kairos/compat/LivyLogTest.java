package io.kairos.compat;

import io.kairos.run.AttemptState;
import io.kairos.run.RunState;
import io.kairos.run.RunView;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What Kairos adds to a batch's log (issue 13): the reason a batch waits or ended without its driver saying why. */
class LivyLogTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static RunView run(RunState state, String reason, String waitingFor, Instant startedAt, List<RunView.AttemptView> attempts) {
        return new RunView(7, "livy-x", "MANUAL", T, state, reason, waitingFor, null, null, null, attempts.size(), 0, null,
                false, T, startedAt, null, null, attempts, null, null, null);
    }

    private static RunView.AttemptView attempt(AttemptState state, String message) {
        return new RunView.AttemptView(1, 1, state, "agent-1", null, null, message, 0, 0, false, T, null, T, List.of());
    }

    @Test
    void a_batch_waiting_for_resources_says_what_it_waits_for() {
        assertEquals(List.of("waiting for resources: needs 8192 MiB of memory; the largest free agent has 4096"),
                LivyLog.diagnostics(run(RunState.PENDING, null, "needs 8192 MiB of memory; the largest free agent has 4096", null, List.of())));
    }

    @Test
    void a_batch_that_failed_before_spark_started_says_why() {
        assertEquals(List.of("failed before start: launch failed", "attempt 1 (ERROR): spark-submit: No such file or directory"),
                LivyLog.diagnostics(run(RunState.FAILED, "launch failed", null, null,
                        List.of(attempt(AttemptState.ERROR, "spark-submit: No such file or directory")))));
        assertEquals(List.of("failed before start: spark-submit: No such file or directory"),
                LivyLog.diagnostics(run(RunState.FAILED, null, null, null,
                        List.of(attempt(AttemptState.ERROR, "spark-submit: No such file or directory")))));
    }

    @Test
    void a_batch_that_ended_after_starting_says_how() {
        assertEquals(List.of("timed out: ran longer than 60s"),
                LivyLog.diagnostics(run(RunState.TIMED_OUT, "ran longer than 60s", null, T, List.of(attempt(AttemptState.KILLED, null)))));
    }

    @Test
    void a_running_or_successful_batch_adds_nothing() {
        assertEquals(List.of(), LivyLog.diagnostics(run(RunState.RUNNING, null, null, T, List.of(attempt(AttemptState.RUNNING, null)))));
        assertEquals(List.of(), LivyLog.diagnostics(run(RunState.SUCCEEDED, null, null, T, List.of(attempt(AttemptState.FINISHED, null)))));
    }
}
