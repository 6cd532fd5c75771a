package io.kairos.agent;

import java.time.Duration;
import java.util.Set;

/** Runs tasks: in Docker containers or as host processes. Safe for use from several threads. */
public interface Containerizer extends AutoCloseable {

    /**
     * Starts the task; returns once it is started or failed to start (then {@code onFinished(FAILED_TO_START)}
     * was called). Never throws for task-level problems such as a missing image or a bad command.
     * Idempotent by task id: launching a task id that is already running does nothing.
     */
    void launch(TaskSpec spec, TaskListener listener);

    /**
     * Stops the task: SIGTERM, then SIGKILL once {@code grace} (rounded up to whole seconds for Docker) has passed.
     * The listener gets {@code onFinished(KILLED)}; this method returns after that call was made, or after a bounded
     * wait if the task does not go away. No-op for unknown tasks. Leaves no container behind.
     */
    void kill(TaskId task, Duration grace);

    /** Tasks launched and not yet finished. */
    Set<TaskId> running();

    /** For health checks: can this containerizer run tasks now? (e.g. the Docker daemon is reachable) */
    boolean available();

    /** Kills all running tasks (a short grace) and releases resources. */
    @Override
    void close();
}
