package io.kairos.run;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Map.entry;

/**
 * One task on one agent, with Mesos' task states less {@code STARTING}: Kairos' agents report a task once it started
 * (the container or process is up), so there is no separate starting phase to enter. The table is the only place
 * transitions are allowed; {@link RunLifecycle} decides which one an event takes.
 */
public enum AttemptState {
    STAGING, RUNNING, FINISHED, FAILED, KILLED, LOST, ERROR,
    /** Killed to give its resources back to the role they are guaranteed to: the run is queued again, no retry used. */
    PREEMPTED;

    /** The states of an attempt whose task is (or may be) on its agent. */
    public static final List<AttemptState> ACTIVE = List.of(STAGING, RUNNING);

    private static final Set<AttemptState> ENDS = EnumSet.of(FINISHED, FAILED, KILLED, LOST, ERROR, PREEMPTED);
    private static final Map<AttemptState, Set<AttemptState>> NEXT = Map.ofEntries(
            entry(STAGING, union(EnumSet.of(RUNNING), ENDS)),
            entry(RUNNING, ENDS),
            entry(FINISHED, EnumSet.noneOf(AttemptState.class)),
            entry(FAILED, EnumSet.noneOf(AttemptState.class)),
            entry(KILLED, EnumSet.noneOf(AttemptState.class)),
            entry(LOST, EnumSet.noneOf(AttemptState.class)),
            entry(ERROR, EnumSet.noneOf(AttemptState.class)),
            entry(PREEMPTED, EnumSet.noneOf(AttemptState.class)));

    public boolean isTerminal() {
        return ENDS.contains(this);
    }

    public boolean canMoveTo(AttemptState to) {
        return NEXT.get(this).contains(to);
    }

    public static void check(AttemptState from, AttemptState to) {
        if (!from.canMoveTo(to)) {
            throw new IllegalTransitionException("attempt", from.name(), to.name());
        }
    }

    private static Set<AttemptState> union(Set<AttemptState> a, Set<AttemptState> b) {
        EnumSet<AttemptState> s = EnumSet.copyOf(a);
        s.addAll(b);
        return s;
    }
}
