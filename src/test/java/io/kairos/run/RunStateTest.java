package io.kairos.run;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** Walks every from x to pair of both lifecycles against an expectations table written out by hand. */
class RunStateTest {

    private static final Map<RunState, Set<RunState>> RUN_LEGAL = Map.of(
            RunState.PENDING, EnumSet.of(RunState.STAGING, RunState.KILLED, RunState.SKIPPED),
            RunState.STAGING, EnumSet.of(RunState.RUNNING, RunState.PENDING, RunState.SUCCEEDED, RunState.FAILED, RunState.KILLED, RunState.TIMED_OUT),
            RunState.RUNNING, EnumSet.of(RunState.PENDING, RunState.SUCCEEDED, RunState.FAILED, RunState.KILLED, RunState.TIMED_OUT),
            // mark-success
            RunState.FAILED, EnumSet.of(RunState.SUCCEEDED),
            RunState.KILLED, EnumSet.of(RunState.SUCCEEDED),
            RunState.TIMED_OUT, EnumSet.of(RunState.SUCCEEDED));

    private static final Map<AttemptState, Set<AttemptState>> ATTEMPT_LEGAL = Map.of(
            AttemptState.STAGING, EnumSet.of(AttemptState.RUNNING, AttemptState.FINISHED, AttemptState.FAILED,
                    AttemptState.KILLED, AttemptState.LOST, AttemptState.ERROR, AttemptState.PREEMPTED),
            AttemptState.RUNNING, EnumSet.of(AttemptState.FINISHED, AttemptState.FAILED, AttemptState.KILLED, AttemptState.LOST,
                    AttemptState.ERROR, AttemptState.PREEMPTED));

    @Test
    void every_run_transition_is_allowed_exactly_when_the_table_says_so() {
        int checked = 0;
        for (RunState from : RunState.values()) {
            for (RunState to : RunState.values()) {
                boolean legal = RUN_LEGAL.getOrDefault(from, Set.of()).contains(to);
                if (legal) {
                    assertDoesNotThrow(() -> RunState.check(from, to), from + " -> " + to);
                } else {
                    assertThrows(IllegalTransitionException.class, () -> RunState.check(from, to), from + " -> " + to);
                }
                checked++;
            }
        }
        assertEquals(64, checked);
    }

    @Test
    void every_attempt_transition_is_allowed_exactly_when_the_table_says_so() {
        for (AttemptState from : AttemptState.values()) {
            for (AttemptState to : AttemptState.values()) {
                boolean legal = ATTEMPT_LEGAL.getOrDefault(from, Set.of()).contains(to);
                try {
                    AttemptState.check(from, to);
                    if (!legal) {
                        fail(from + " -> " + to + " should be refused");
                    }
                } catch (IllegalTransitionException e) {
                    if (legal) {
                        fail(from + " -> " + to + " should be allowed");
                    }
                }
            }
        }
    }

    @Test
    void terminal_states_are_those_with_no_way_out_but_mark_success() {
        assertEquals(EnumSet.of(RunState.SUCCEEDED, RunState.FAILED, RunState.KILLED, RunState.TIMED_OUT, RunState.SKIPPED),
                EnumSet.copyOf(java.util.Arrays.stream(RunState.values()).filter(RunState::isTerminal).toList()));
    }
}
