package io.kairos.task;

/**
 * Receives what happens to launched tasks.
 *
 * <p>Callbacks may arrive on any thread. {@code onOutput} chunks arrive in order per stream.
 * {@code onFinished} is called exactly once per launched task, after all its output was delivered.
 * An exception thrown by a callback is logged and otherwise ignored.
 */
public interface TaskListener {

    /** @param containerId the docker container id, or {@code "pid:<n>"} for a host process */
    void onStarted(TaskId task, String containerId);

    /** @param data a chunk of raw output bytes (not split at line ends); the listener owns the array */
    void onOutput(TaskId task, LogStream stream, byte[] data);

    void onFinished(TaskId task, TaskOutcome outcome);

    /**
     * The task's health checks ({@link TaskSpec#healthChecks}) passed for the first time or since failing
     * ({@code healthy}), or failed where they passed before; {@code message} says what was seen. Only changes are
     * reported, each before the task's end.
     */
    default void onHealth(TaskId task, boolean healthy, String message) {
    }
}
