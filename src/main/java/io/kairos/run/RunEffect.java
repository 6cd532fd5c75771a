package io.kairos.run;

/**
 * What a run's transition causes, as data: {@link RunLifecycle} decides them, {@link RunTransitions} alone carries
 * them out. A path that ends a run never lists these consequences itself.
 */
public sealed interface RunEffect {

    /** The run is (back) in the queue: wake the allocation loop once the change commits. */
    record Queued() implements RunEffect {
    }

    /**
     * The run reached a final state (or was marked SUCCEEDED afterwards): counted in metrics and announced as
     * {@link RunEvents.RunEnded} inside the transaction, which releases DAG children and records notifications.
     */
    record Ended(RunState state, boolean retriesExhausted) implements RunEffect {
    }

    /** Attempt {@code attemptNumber} is staged on {@code agentId}: its row is created and its task sent. */
    record NewAttempt(int attemptNumber, String agentId) implements RunEffect {
    }

    /** The task of attempt {@code attemptNumber} must be stopped on its agent. */
    record KillTask(int attemptNumber, String agentId) implements RunEffect {
    }

    /** Attempt {@code attemptNumber}'s task left its agent: what it held is free again. */
    record FreeTask(int attemptNumber) implements RunEffect {
    }
}
