package io.kairos.run;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static java.util.Map.entry;

/**
 * The life of a run. The legal moves are this one table; {@link #check} refuses the rest, because
 * an illegal transition is a bug in Kairos, not something to log and carry on from.
 */
public enum RunState {
    PENDING, STAGING, RUNNING, SUCCEEDED, FAILED, KILLED, TIMED_OUT, SKIPPED;

    private static final Map<RunState, Set<RunState>> NEXT = Map.ofEntries(
            // PENDING -> SKIPPED: its start deadline passed before it could be placed
            entry(PENDING, EnumSet.of(STAGING, KILLED, SKIPPED)),
            // STAGING -> PENDING: the attempt was lost before it started and the run is retried
            entry(STAGING, EnumSet.of(RUNNING, PENDING, SUCCEEDED, FAILED, KILLED, TIMED_OUT)),
            entry(RUNNING, EnumSet.of(PENDING, SUCCEEDED, FAILED, KILLED, TIMED_OUT)),
            entry(SUCCEEDED, EnumSet.noneOf(RunState.class)),
            // -> SUCCEEDED: an operator marks the run successful (mark-success), releasing its
            // dependents; the one way out of an ended run, and never taken by Kairos itself
            entry(FAILED, EnumSet.of(SUCCEEDED)),
            entry(KILLED, EnumSet.of(SUCCEEDED)),
            entry(TIMED_OUT, EnumSet.of(SUCCEEDED)),
            entry(SKIPPED, EnumSet.noneOf(RunState.class)));

    private static final Set<RunState> ENDED = EnumSet.of(SUCCEEDED, FAILED, KILLED, TIMED_OUT, SKIPPED);

    /** The run has ended: nothing of it is queued or running (only mark-success still changes its state). */
    public boolean isTerminal() {
        return ENDED.contains(this);
    }

    public boolean canMoveTo(RunState to) {
        return NEXT.get(this).contains(to);
    }

    /** @throws IllegalTransitionException when {@code from -> to} is not in the table */
    public static void check(RunState from, RunState to) {
        if (!from.canMoveTo(to)) {
            throw new IllegalTransitionException("run", from.name(), to.name());
        }
    }
}
