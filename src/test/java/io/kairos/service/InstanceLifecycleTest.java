package io.kairos.service;

import io.kairos.service.InstanceLifecycle.Effect;
import io.kairos.service.InstanceLifecycle.Facts;
import io.kairos.service.InstanceLifecycle.Health;
import io.kairos.task.TaskOutcome;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstanceLifecycleTest {

    private static final Instant T = Instant.parse("2026-12-03T10:00:00Z");

    private static Facts in(InstanceState s) {
        return new Facts(s, Health.UNKNOWN, null, s == InstanceState.STAGING ? null : T, null, null, null);
    }

    private static Map<String, InstanceLifecycle.Event> events() {
        Map<String, InstanceLifecycle.Event> e = new LinkedHashMap<>();
        e.put("started", new InstanceLifecycle.Started(T.plusSeconds(1)));
        e.put("healthy", new InstanceLifecycle.HealthChanged(true, "ok"));
        e.put("unhealthy", new InstanceLifecycle.HealthChanged(false, "HTTP 404"));
        e.put("exit0", new InstanceLifecycle.Finished(TaskOutcome.exited(0), T));
        e.put("exit1", new InstanceLifecycle.Finished(TaskOutcome.exited(1), T));
        e.put("killed", new InstanceLifecycle.Finished(TaskOutcome.killed("failed 3 consecutive health checks"), T));
        e.put("noStart", new InstanceLifecycle.Finished(TaskOutcome.failedToStart("no such image"), T));
        e.put("notLaunched", new InstanceLifecycle.Finished(TaskOutcome.notLaunched("port taken"), T));
        e.put("lost", new InstanceLifecycle.Lost("agent lost"));
        e.put("stop", new InstanceLifecycle.Stop("scaled down"));
        return e;
    }

    /** Every state against every event: the state after, and the effects, as expected; every move a legal one. */
    @Test
    void every_state_and_event_gives_the_expected_state_and_effects() {
        // state after, per event in the order of events(); "=" means unchanged
        Map<InstanceState, List<String>> expected = Map.of(
                InstanceState.STAGING, List.of("RUNNING", "=", "=", "FINISHED", "FAILED", "KILLED", "FAILED", "LOST", "LOST", "KILLING"),
                InstanceState.RUNNING, List.of("=", "=", "=", "FINISHED", "FAILED", "KILLED", "FAILED", "LOST", "LOST", "KILLING"),
                InstanceState.KILLING, List.of("=", "=", "=", "FINISHED", "FAILED", "KILLED", "FAILED", "LOST", "LOST", "="));
        for (InstanceState s : InstanceState.values()) {
            int k = 0;
            for (Map.Entry<String, InstanceLifecycle.Event> e : events().entrySet()) {
                InstanceLifecycle.Step step = InstanceLifecycle.next(in(s), e.getValue());
                InstanceState after = step.after().state();
                String want = s.isTerminal() ? "=" : expected.get(s).get(k);
                assertEquals(want.equals("=") ? s : InstanceState.valueOf(want), after, s + " + " + e.getKey());
                if (after != s) {
                    assertTrue(s.canMoveTo(after), s + " -> " + after + " must be in the table");
                }
                if (s.isTerminal()) {
                    assertEquals(List.of(), step.effects(), "an ended instance ignores " + e.getKey());
                } else if (after.isTerminal()) {
                    assertTrue(step.effects().contains(Effect.RELEASE), s + " + " + e.getKey() + " frees its resources");
                }
                k++;
            }
        }
    }

    @Test
    void a_crash_counts_against_the_back_off_but_an_ordered_stop_or_a_launch_the_agent_could_not_make_does_not() {
        assertTrue(InstanceLifecycle.next(in(InstanceState.RUNNING), events().get("exit1")).effects().contains(Effect.COUNT_FAILURE));
        assertTrue(InstanceLifecycle.next(in(InstanceState.RUNNING), events().get("exit0")).effects().contains(Effect.COUNT_FAILURE));
        assertTrue(InstanceLifecycle.next(in(InstanceState.RUNNING), events().get("killed")).effects().contains(Effect.COUNT_FAILURE),
                "killed by its own agent for failing health checks");
        assertEquals(List.of(Effect.RELEASE), InstanceLifecycle.next(in(InstanceState.KILLING), events().get("killed")).effects());
        assertEquals(List.of(Effect.RELEASE), InstanceLifecycle.next(in(InstanceState.STAGING), events().get("notLaunched")).effects());
        assertEquals(List.of(Effect.RELEASE), InstanceLifecycle.next(in(InstanceState.RUNNING), events().get("lost")).effects());
    }

    @Test
    void a_stop_sends_one_kill_and_keeps_its_reason() {
        InstanceLifecycle.Step stop = InstanceLifecycle.next(in(InstanceState.RUNNING), events().get("stop"));
        assertEquals(List.of(Effect.SEND_KILL), stop.effects());
        assertEquals("scaled down", stop.after().stopReason());
        assertEquals(List.of(), InstanceLifecycle.next(stop.after(), new InstanceLifecycle.Stop("again")).effects());
    }

    @Test
    void turning_healthy_resets_the_back_off_once() {
        InstanceLifecycle.Step healthy = InstanceLifecycle.next(in(InstanceState.RUNNING), events().get("healthy"));
        assertEquals(List.of(Effect.RESET_BACKOFF), healthy.effects());
        assertEquals(Health.HEALTHY, healthy.after().health());
        assertEquals(List.of(), InstanceLifecycle.next(healthy.after(), events().get("healthy")).effects());
        assertEquals(Health.UNHEALTHY, InstanceLifecycle.next(healthy.after(), events().get("unhealthy")).after().health());
    }
}
