package io.kairos.run;

import io.kairos.agent.TaskId;
import io.kairos.allocator.AgentId;

/** Facts the run package announces; observers act after the transaction that caused them commits. */
public final class RunEvents {
    private RunEvents() {
    }

    /** New work is waiting in the queue. */
    public record RunsQueued(int count) {
    }

    /** A running task must be stopped on its agent. */
    public record KillRequested(AgentId agent, TaskId task) {
    }
}
