package io.kairos.service;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where an instance of a service is: sent to its agent ({@code STAGING}), started ({@code RUNNING}), told to stop
 * ({@code KILLING}), or ended. An instance holds its agent's resources until it ends. The legal moves are in one table.
 */
public enum InstanceState {
    STAGING, RUNNING, KILLING, FINISHED, FAILED, KILLED, LOST;

    /** Not ended: the instance holds its resources on its agent. */
    public static final List<InstanceState> ACTIVE = List.of(STAGING, RUNNING, KILLING);

    private static final Map<InstanceState, Set<InstanceState>> NEXT = Map.of(
            STAGING, EnumSet.of(RUNNING, KILLING, FINISHED, FAILED, KILLED, LOST),
            RUNNING, EnumSet.of(KILLING, FINISHED, FAILED, KILLED, LOST),
            KILLING, EnumSet.of(FINISHED, FAILED, KILLED, LOST),
            FINISHED, EnumSet.noneOf(InstanceState.class),
            FAILED, EnumSet.noneOf(InstanceState.class),
            KILLED, EnumSet.noneOf(InstanceState.class),
            LOST, EnumSet.noneOf(InstanceState.class));

    public boolean isTerminal() {
        return NEXT.get(this).isEmpty();
    }

    public boolean canMoveTo(InstanceState to) {
        return NEXT.get(this).contains(to);
    }

    /** Marathon's name of the state, which the Mesos task states give ({@code TASK_RUNNING}). */
    public String marathon() {
        return "TASK_" + name();
    }
}
