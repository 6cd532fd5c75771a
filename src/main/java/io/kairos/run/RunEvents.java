package io.kairos.run;

import io.kairos.task.TaskId;
import io.kairos.allocator.AgentId;

/** Facts the run package announces; observers act after the transaction that caused them commits. */
public final class RunEvents {
    private RunEvents() {
    }

    /** New work is waiting in the queue. */
    public record RunsQueued(int count) {
    }

    /**
     * A run ended (or was marked SUCCEEDED afterwards). Unlike the others this one is observed
     * synchronously, inside the transaction that ended the run: what it causes (dependent runs)
     * commits with the ending or not at all, so a crash in between loses nothing and a re-sent
     * report, which changes nothing, causes nothing again.
     */
    public record RunEnded(long runId, long jobId, RunState state, boolean retriesExhausted) {
        public RunEnded(long runId, long jobId, RunState state) {
            this(runId, jobId, state, false);
        }
    }

    /** A running task must be stopped on its agent. */
    public record KillRequested(AgentId agent, TaskId task) {
    }
}
