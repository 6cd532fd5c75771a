package io.kairos.run;

import io.kairos.task.TaskOutcome;

/**
 * What can happen to a run, the input of {@link RunLifecycle}. Every path that changes a run (placement, an agent's
 * report, a kill, a timeout, a lost agent, recovery at start, mark-success, the delete of its job) is one of these.
 */
public sealed interface RunEvent {

    /** The batch framework placed the queued run on {@code agentId}: a new attempt starts staging there. */
    record Stage(String agentId) implements RunEvent {
    }

    /** The agent started attempt {@code attemptNumber}'s task. */
    record Started(int attemptNumber, String containerId) implements RunEvent {
    }

    /** Attempt {@code attemptNumber}'s task ended on its agent. */
    record Finished(int attemptNumber, TaskOutcome outcome) implements RunEvent {
    }

    /**
     * Attempt {@code attemptNumber}'s agent lost the task (gone, restarted without it, or never came back):
     * {@code message} goes on the attempt, {@code cause} into the run's reason.
     */
    record Lost(int attemptNumber, String message, String cause) implements RunEvent {
    }

    /**
     * Kairos stops the run for {@code cause}. A user's kill always applies; a timeout or a REPLACE applies only to a
     * run no kill is already under way for.
     */
    record Kill(KillCause cause, String reason) implements RunEvent {
    }

    /** The queued run missed its starting deadline. */
    record Skip(String reason) implements RunEvent {
    }

    /** An operator marks an unsuccessful ended run SUCCEEDED. */
    record MarkSuccess(String by, String why) implements RunEvent {
    }
}
