package io.kairos.run;

import io.kairos.task.TaskOutcome;
import io.kairos.job.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Walks every run state against every event and checks the new state and the effects against a table written out by
 * hand (no retries, three lost attempts allowed, none lost yet), then the cases the table cannot show.
 */
class RunLifecycleTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final RunLifecycle.Limits NO_RETRIES = new RunLifecycle.Limits(RetryPolicy.NONE, 3);

    private static final Map<String, RunEvent> EVENTS = new LinkedHashMap<>();

    static {
        EVENTS.put("stage", new RunEvent.Stage("a-1"));
        EVENTS.put("started", new RunEvent.Started(1, "c-1"));
        EVENTS.put("exit0", new RunEvent.Finished(1, TaskOutcome.exited(0)));
        EVENTS.put("exit1", new RunEvent.Finished(1, TaskOutcome.exited(1)));
        EVENTS.put("lost", new RunEvent.Lost(1, "gone", "agent a-1 lost"));
        EVENTS.put("kill", new RunEvent.Kill(KillCause.USER, "killed on request"));
        EVENTS.put("timeout", new RunEvent.Kill(KillCause.TIMEOUT, "too long"));
        EVENTS.put("skip", new RunEvent.Skip("deadline passed"));
        EVENTS.put("mark", new RunEvent.MarkSuccess("ops", null));
    }

    /** "STATE effects" after each event, or "refused"; effects by their first letters: N(ew attempt), F(ree), Q(ueued), E(nded), K(ill task). */
    private static final Map<RunState, List<String>> EXPECTED = new EnumMap<>(RunState.class);

    static {
        //                                  stage            started      exit0               exit1            lost           kill            timeout         skip           mark
        EXPECTED.put(RunState.PENDING, List.of("STAGING N", "PENDING", "PENDING F", "PENDING F", "PENDING", "KILLED E", "KILLED E", "SKIPPED E", "refused"));
        EXPECTED.put(RunState.STAGING, List.of("STAGING", "RUNNING", "SUCCEEDED FE", "FAILED FE", "PENDING FQ", "STAGING K", "STAGING K", "STAGING", "refused"));
        EXPECTED.put(RunState.RUNNING, List.of("RUNNING", "RUNNING", "SUCCEEDED FE", "FAILED FE", "PENDING FQ", "RUNNING K", "RUNNING K", "RUNNING", "refused"));
        EXPECTED.put(RunState.SUCCEEDED, List.of("SUCCEEDED", "SUCCEEDED", "SUCCEEDED F", "SUCCEEDED F", "SUCCEEDED", "refused", "refused", "SUCCEEDED", "refused"));
        EXPECTED.put(RunState.FAILED, List.of("FAILED", "FAILED", "FAILED F", "FAILED F", "FAILED", "refused", "refused", "FAILED", "SUCCEEDED E"));
        EXPECTED.put(RunState.KILLED, List.of("KILLED", "KILLED", "KILLED F", "KILLED F", "KILLED", "refused", "refused", "KILLED", "SUCCEEDED E"));
        EXPECTED.put(RunState.TIMED_OUT, List.of("TIMED_OUT", "TIMED_OUT", "TIMED_OUT F", "TIMED_OUT F", "TIMED_OUT", "refused", "refused", "TIMED_OUT", "SUCCEEDED E"));
        EXPECTED.put(RunState.SKIPPED, List.of("SKIPPED", "SKIPPED", "SKIPPED F", "SKIPPED F", "SKIPPED", "refused", "refused", "SKIPPED", "refused"));
    }

    /** A run in {@code state} with one attempt in the state that goes with it (none for a run still queued). */
    private static RunFacts in(RunState state) {
        AttemptState attempt = switch (state) {
            case PENDING, SKIPPED -> null;
            case STAGING -> AttemptState.STAGING;
            case RUNNING -> AttemptState.RUNNING;
            case SUCCEEDED -> AttemptState.FINISHED;
            case FAILED -> AttemptState.FAILED;
            case KILLED, TIMED_OUT -> AttemptState.KILLED;
        };
        return new RunFacts(state, null, 0, 0, attempt == null ? 0 : 1, attempt, attempt == null ? null : "a-1", null, null, null, null);
    }

    private static String outcome(RunLifecycle.Step s) {
        if (s.refused() != null) {
            return "refused";
        }
        StringBuilder effects = new StringBuilder();
        for (RunEffect e : s.effects()) {
            effects.append(e.getClass().getSimpleName().charAt(0));
        }
        // FreeTask and the others start with distinct letters except none: N, F, Q, E, K
        return (s.after().state() + " " + effects).strip();
    }

    @Test
    void every_state_and_event_gives_the_documented_state_and_effects() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (RunState state : RunState.values()) {
            List<String> expected = EXPECTED.get(state);
            int i = 0;
            for (Map.Entry<String, RunEvent> event : EVENTS.entrySet()) {
                String got = outcome(RunLifecycle.next(in(state), event.getValue(), NO_RETRIES, NOW));
                if (!got.equals(expected.get(i))) {
                    wrong.add(state + " + " + event.getKey() + ": expected " + expected.get(i) + ", got " + got);
                }
                i++;
                checked++;
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(RunState.values().length * EVENTS.size(), checked);
    }

    @Test
    void a_failure_within_the_retry_policy_queues_the_run_after_its_backoff() {
        RunLifecycle.Limits twoRetries = new RunLifecycle.Limits(new RetryPolicy(2, 10, 2.0, 600), 3);
        RunLifecycle.Step s = RunLifecycle.next(in(RunState.RUNNING), new RunEvent.Finished(1, TaskOutcome.exited(3)), twoRetries, NOW);
        assertEquals(RunState.PENDING, s.after().state());
        assertEquals(AttemptState.FAILED, s.after().attempt());
        assertEquals(1, s.after().failures());
        assertEquals(NOW.plusSeconds(10), s.after().notBefore());
        assertEquals(List.of(new RunEffect.FreeTask(1), new RunEffect.Queued()), s.effects());
    }

    @Test
    void a_preempted_attempt_queues_its_run_again_without_using_a_retry_and_a_pending_run_is_never_preempted() {
        RunLifecycle.Step preempt = RunLifecycle.next(in(RunState.RUNNING), new RunEvent.Kill(KillCause.PREEMPTED, "for service /web"),
                NO_RETRIES, NOW);
        assertEquals(List.of(new RunEffect.KillTask(1, preempt.before().agentId())), preempt.effects());
        RunLifecycle.Step end = RunLifecycle.next(preempt.after(), new RunEvent.Finished(1, TaskOutcome.killed("SIGTERM")), NO_RETRIES, NOW);
        assertEquals(RunState.PENDING, end.after().state());
        assertEquals(AttemptState.PREEMPTED, end.after().attempt());
        assertEquals(0, end.after().failures(), "no retry is used, even with none allowed");
        assertEquals(null, end.after().killCause(), "the next attempt starts afresh");
        assertTrue(end.after().reason().contains("for service /web"), end.after().reason());
        assertEquals(List.of(new RunEffect.FreeTask(1), new RunEffect.Queued()), end.effects());
        RunLifecycle.Step lost = RunLifecycle.next(preempt.after(), new RunEvent.Lost(1, "gone", "agent lost"), NO_RETRIES, NOW);
        assertEquals(RunState.PENDING, lost.after().state());
        assertEquals(0, lost.after().lostAttempts());
        assertTrue(RunLifecycle.next(in(RunState.PENDING), new RunEvent.Kill(KillCause.PREEMPTED, "x"), NO_RETRIES, NOW).effects().isEmpty());
        RunFacts userKilling = RunLifecycle.next(in(RunState.RUNNING), new RunEvent.Kill(KillCause.USER, "stop"), NO_RETRIES, NOW).after();
        assertEquals(KillCause.USER,
                RunLifecycle.next(userKilling, new RunEvent.Kill(KillCause.PREEMPTED, "x"), NO_RETRIES, NOW).after().killCause());
    }

    @Test
    void a_killed_attempt_ends_the_run_as_the_kill_meant() {
        RunFacts killing = RunLifecycle.next(in(RunState.RUNNING), new RunEvent.Kill(KillCause.TIMEOUT, "too long"), NO_RETRIES, NOW).after();
        RunLifecycle.Step s = RunLifecycle.next(killing, new RunEvent.Finished(1, TaskOutcome.killed("SIGTERM")), NO_RETRIES, NOW);
        assertEquals(RunState.TIMED_OUT, s.after().state());
        assertEquals(List.of(new RunEffect.FreeTask(1), new RunEffect.Ended(RunState.TIMED_OUT, false)), s.effects());
    }

    @Test
    void a_timeout_is_not_asked_twice_but_a_users_kill_overrides_it() {
        RunFacts killing = RunLifecycle.next(in(RunState.RUNNING), new RunEvent.Kill(KillCause.TIMEOUT, "too long"), NO_RETRIES, NOW).after();
        assertTrue(RunLifecycle.next(killing, new RunEvent.Kill(KillCause.TIMEOUT, "again"), NO_RETRIES, NOW).effects().isEmpty());
        RunLifecycle.Step user = RunLifecycle.next(killing, new RunEvent.Kill(KillCause.USER, "killed on request"), NO_RETRIES, NOW);
        assertEquals(KillCause.USER, user.after().killCause());
        RunLifecycle.Step end = RunLifecycle.next(user.after(), new RunEvent.Finished(1, TaskOutcome.killed("SIGTERM")), NO_RETRIES, NOW);
        assertEquals(RunState.KILLED, end.after().state());
    }

    @Test
    void a_timed_out_attempt_lost_with_its_agent_follows_the_retry_policy_like_any_timeout() {
        RunLifecycle.Limits oneRetry = new RunLifecycle.Limits(new RetryPolicy(1, 5, 2.0, 600), 3);
        RunFacts killing = RunLifecycle.next(in(RunState.RUNNING), new RunEvent.Kill(KillCause.TIMEOUT, "too long"), oneRetry, NOW).after();
        RunLifecycle.Step retried = RunLifecycle.next(killing, new RunEvent.Lost(1, "gone", "agent a-1 lost"), oneRetry, NOW);
        assertEquals(RunState.PENDING, retried.after().state());
        assertEquals(AttemptState.LOST, retried.after().attempt());
        assertEquals(1, retried.after().failures());
        assertNull(retried.after().killCause(), "the next attempt starts without the kill");
        assertTrue(retried.after().reason().contains("timed out"), retried.after().reason());

        RunLifecycle.Step ended = RunLifecycle.next(killing, new RunEvent.Lost(1, "gone", "agent a-1 lost"), NO_RETRIES, NOW);
        assertEquals(RunState.TIMED_OUT, ended.after().state());
        assertEquals(List.of(new RunEffect.FreeTask(1), new RunEffect.Ended(RunState.TIMED_OUT, false)), ended.effects());
    }

    @Test
    void lost_attempts_are_queued_again_until_the_bound_and_then_the_run_fails() {
        RunFacts f = RunFacts.queued(null);
        for (int n = 1; n <= 3; n++) {
            f = RunLifecycle.next(f, new RunEvent.Stage("a-" + n), NO_RETRIES, NOW).after();
            RunLifecycle.Step s = RunLifecycle.next(f, new RunEvent.Lost(n, "gone", "agent a-" + n + " lost"), NO_RETRIES, NOW);
            f = s.after();
            assertEquals(n, f.lostAttempts());
            assertEquals(0, f.failures(), "a lost attempt is the agent's failure, not the job's");
            assertEquals(n < 3 ? RunState.PENDING : RunState.FAILED, f.state());
        }
        assertNotNull(f.reason());
        assertTrue(f.reason().contains("lost 3 times (kairos.run.max-lost-attempts=3)"), f.reason());
    }

    @Test
    void a_task_its_agent_could_not_launch_is_queued_again_without_a_failure_like_a_lost_one() {
        RunLifecycle.Limits twoRetries = new RunLifecycle.Limits(new RetryPolicy(2, 10, 1.0, 10), 3);
        RunFacts f = RunFacts.queued(null);
        for (int n = 1; n <= 3; n++) {
            f = RunLifecycle.next(f, new RunEvent.Stage("a-1"), twoRetries, NOW).after();
            RunLifecycle.Step s = RunLifecycle.next(f, new RunEvent.Finished(n,
                    TaskOutcome.notLaunched("port 38200 is in use on this agent's host")), twoRetries, NOW);
            f = s.after();
            assertEquals(AttemptState.LOST, f.attempt(), "nothing ran: the attempt is lost, not failed");
            assertEquals(0, f.failures(), "the job's retries are not used up by the agent's fault");
            assertEquals(n, f.lostAttempts());
            assertEquals(n < 3 ? RunState.PENDING : RunState.FAILED, f.state());
            assertEquals(n < 3, s.effects().contains(new RunEffect.Queued()), "queued again at once: " + s.effects());
        }
        assertTrue(f.reason().contains("not launched: port 38200 is in use on this agent's host"), f.reason());
    }

    @Test
    void a_task_that_failed_to_start_for_its_own_reason_is_a_failure_of_the_job() {
        RunFacts f = RunLifecycle.next(RunFacts.queued(null), new RunEvent.Stage("a-1"), NO_RETRIES, NOW).after();
        f = RunLifecycle.next(f, new RunEvent.Finished(1, TaskOutcome.failedToStart("no such image")), NO_RETRIES, NOW).after();
        assertEquals(RunState.FAILED, f.state());
        assertEquals(AttemptState.ERROR, f.attempt());
        assertEquals(1, f.failures());
    }

    @Test
    void a_report_for_an_older_attempt_changes_nothing_but_frees_what_it_held() {
        RunFacts f = RunLifecycle.next(RunFacts.queued(null), new RunEvent.Stage("a-1"), NO_RETRIES, NOW).after();
        f = RunLifecycle.next(f, new RunEvent.Lost(1, "gone", "lost"), NO_RETRIES, NOW).after();
        f = RunLifecycle.next(f, new RunEvent.Stage("a-2"), NO_RETRIES, NOW).after();
        RunLifecycle.Step late = RunLifecycle.next(f, new RunEvent.Finished(1, TaskOutcome.exited(0)), NO_RETRIES, NOW);
        assertEquals(f, late.after());
        assertEquals(List.of(new RunEffect.FreeTask(1)), late.effects());
        assertEquals(f, RunLifecycle.next(f, new RunEvent.Started(1, "old"), NO_RETRIES, NOW).after());
    }
}
