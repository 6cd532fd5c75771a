package io.kairos.run;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static java.util.Map.entry;

/** One task on one agent, with Mesos' task states. The table is the only place transitions are decided. */
public enum AttemptState {
    STAGING, STARTING, RUNNING, FINISHED, FAILED, KILLED, LOST, ERROR;

    private static final Set<AttemptState> ENDS = EnumSet.of(FINISHED, FAILED, KILLED, LOST, ERROR);
    private static final Map<AttemptState, Set<AttemptState>> NEXT = Map.ofEntries(
            entry(STAGING, union(EnumSet.of(STARTING, RUNNING), ENDS)),
            entry(STARTING, union(EnumSet.of(RUNNING), ENDS)),
            entry(RUNNING, ENDS),
            entry(FINISHED, EnumSet.noneOf(AttemptState.class)),
            entry(FAILED, EnumSet.noneOf(AttemptState.class)),
            entry(KILLED, EnumSet.noneOf(AttemptState.class)),
            entry(LOST, EnumSet.noneOf(AttemptState.class)),
            entry(ERROR, EnumSet.noneOf(AttemptState.class)));

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
