package io.kairos.run;

import io.kairos.task.TaskOutcome;
import io.kairos.job.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random interleavings of placement, start, finish, loss, timeout, kill and skip, including re-sent and stale reports,
 * against the invariants a run must keep whatever the order: it ends exactly once and announces that once, a failure
 * is counted once, no attempt keeps resources after it ended, and state and attempt always agree. Seeded, so a
 * failure names the sequence that broke it.
 */
class RunLifecyclePropertiesTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final int SEQUENCES = 20_000;
    private static final int STEPS = 40;

    private static RunEvent randomEvent(Random rnd, RunFacts f) {
        // mostly the current attempt, sometimes an older or a re-sent one
        int attempt = Math.max(1, f.attempts() - (rnd.nextInt(4) == 0 ? rnd.nextInt(2) : 0));
        return switch (rnd.nextInt(9)) {
            case 0, 1 -> new RunEvent.Stage("a-" + rnd.nextInt(3));
            case 2 -> new RunEvent.Started(attempt, "c-" + attempt);
            case 3 -> new RunEvent.Finished(attempt, TaskOutcome.exited(rnd.nextInt(3) == 0 ? 0 : 1));
            case 4 -> new RunEvent.Finished(attempt, rnd.nextBoolean() ? TaskOutcome.killed("SIGKILL") : TaskOutcome.failedToStart("no image"));
            case 5 -> new RunEvent.Lost(attempt, "gone", "agent lost");
            case 6 -> new RunEvent.Kill(KillCause.TIMEOUT, "too long");
            case 7 -> new RunEvent.Kill(rnd.nextBoolean() ? KillCause.USER : KillCause.REPLACED, "stop");
            default -> new RunEvent.Skip("deadline passed");
        };
    }

    @Test
    void any_interleaving_keeps_the_run_invariants() {
        Random seeds = new Random(20261202L);
        for (int sequence = 0; sequence < SEQUENCES; sequence++) {
            long seed = seeds.nextLong();
            try {
                walk(new Random(seed));
            } catch (AssertionError e) {
                fail("sequence with seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private static void walk(Random rnd) {
        RunLifecycle.Limits limits = new RunLifecycle.Limits(new RetryPolicy(rnd.nextInt(3), 1, 2.0, 60), 1 + rnd.nextInt(3));
        RunFacts f = RunFacts.queued(null);
        int ended = 0;
        Set<Integer> holding = new HashSet<>();
        List<String> trail = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
            RunEvent event = randomEvent(rnd, f);
            RunLifecycle.Step s = RunLifecycle.next(f, event, limits, NOW);
            trail.add(event + " -> " + s.after().state() + " " + s.effects());
            String where = String.join("\n  ", trail);
            boolean attemptEnded = f.attempt() != null && !f.attempt().isTerminal()
                    && s.after().attempts() == f.attempts() && s.after().attempt().isTerminal();
            for (RunEffect e : s.effects()) {
                if (e instanceof RunEffect.Ended) {
                    ended++;
                } else if (e instanceof RunEffect.NewAttempt n) {
                    assertTrue(holding.add(n.attemptNumber()), "attempt " + n.attemptNumber() + " placed twice:\n  " + where);
                } else if (e instanceof RunEffect.FreeTask free) {
                    holding.remove(free.attemptNumber());
                }
            }
            RunFacts after = s.after();
            assertTrue(ended <= 1, "announced the end twice:\n  " + where);
            assertEquals(after.state().isTerminal() ? 1 : 0, ended, "ended once exactly when terminal:\n  " + where);
            if (f.state().isTerminal()) {
                assertTrue(s.effects().stream().allMatch(e -> e instanceof RunEffect.FreeTask), "an ended run causes nothing:\n  " + where);
            }
            int failed = after.failures() - f.failures();
            assertTrue(failed == 0 || failed == 1 && attemptEnded, "a failure is counted once, when its attempt ends:\n  " + where);
            assertTrue(after.failures() <= limits.retries().max() + 1, "failures beyond the policy:\n  " + where);
            assertTrue(after.lostAttempts() <= limits.maxLostAttempts(), "lost attempts beyond the bound:\n  " + where);
            boolean active = after.attempt() != null && !after.attempt().isTerminal();
            assertEquals(active ? Set.of(after.attempts()) : Set.of(), holding, "only a live attempt holds resources:\n  " + where);
            switch (after.state()) {
                case STAGING -> assertEquals(AttemptState.STAGING, after.attempt(), where);
                case RUNNING -> assertEquals(AttemptState.RUNNING, after.attempt(), where);
                default -> assertTrue(!active, "a queued or ended run has no live attempt:\n  " + where);
            }
            f = after;
        }
    }
}
