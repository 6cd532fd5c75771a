package io.kairos.agent.remote;

/**
 * Where an agent is in its lifecycle (see {@link AgentLifecycle}), kept in the {@code agent} table so that a drain
 * or a loss outlives a restart and a failover.
 */
public enum AgentState {
    /** Registered, its running tasks being reconciled; its resources are not offered yet. */
    REGISTERED,
    /** In the pool: its free resources are offered. */
    ACTIVE,
    /** No new tasks; some still run there. */
    DRAINING,
    /** Draining with no task left: safe to stop or remove. A drained agent that disconnects stays drained. */
    DRAINED,
    /** Silent for longer than {@code kairos.agent.lost-after}: its tasks were lost. Back when it registers again. */
    LOST,
    /** Removed by an operator, or lost longer than {@code kairos.agent.gone-after}; also an agent never seen. */
    GONE;

    /** Whether an agent in this state holds a place in the pool's resources (offered or not). */
    public boolean inPool() {
        return this == REGISTERED || this == ACTIVE || this == DRAINING || this == DRAINED;
    }
}
