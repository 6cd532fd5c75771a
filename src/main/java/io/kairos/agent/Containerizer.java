package io.kairos.agent;

import io.kairos.task.TaskId;
import io.kairos.task.TaskSpec;
import io.kairos.task.TaskListener;

import java.time.Duration;
import java.util.List;
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

    /**
     * Takes over the tasks an earlier agent with the same id left behind on this host, reporting to {@code listener}
     * as if they had been launched here: each gets {@code onStarted} again (a start report may have been lost with
     * the old agent; the scheduler ignores a repeated one), then output and exactly one {@code onFinished}. A task
     * that ended while no agent watched is reported ended at once. Call once, before launching anything.
     *
     * <p>By default nothing is recovered: a host process belongs to the agent process that started it and cannot
     * be re-attached (its output pipes died with that agent), so {@link #close()} kills them instead, and one whose
     * agent was killed outright (SIGKILL, OOM) dies with it: the scheduler finds the attempt missing and runs it again,
     * with no earlier copy still alive.
     *
     * @return the recovered tasks, running or already ended; those still running are in {@link #running()}
     */
    default Set<TaskId> recover(TaskListener listener) {
        return Set.of();
    }

    /**
     * The scheduler said which cluster this agent belongs to ({@link ClusterId}): tasks launched from now on are marked
     * with it where they can outlive the agent. Nothing to do for tasks that cannot.
     */
    default void joinedCluster(String clusterId) {
    }

    /**
     * Runs {@code command} through {@code /bin/sh -c} beside a running task and as the task runs (a COMMAND health
     * check): inside its container, or as its user with its environment and working directory, never with more rights
     * than the task itself has. Bounded by {@code timeout}: a command still running then is killed where that can be
     * done, and the check has failed.
     *
     * @return null when the command exited 0 within the timeout, else what went wrong: its exit code and the end of its
     *         output, that it timed out, or that it could not be run
     */
    default String exec(TaskId task, String command, Duration timeout) {
        return "this containerizer cannot run commands beside its tasks";
    }

    /** Tasks launched (or recovered) and not yet finished. */
    Set<TaskId> running();

    /** For health checks: can this containerizer run tasks now? (e.g. the Docker daemon is reachable) */
    boolean available();

    /**
     * Kills every running task with {@code grace}, all at once, and returns when each kill has returned. For an
     * agent that is drained or shut down for good, before {@link #close()}.
     */
    default void killAll(Duration grace) {
        List<Thread> kills = running().stream()
                .map(task -> new Thread(() -> kill(task, grace), "kairos-kill-" + task))
                .toList();
        kills.forEach(Thread::start);
        for (Thread kill : kills) {
            try {
                kill.join(); // kill() itself is bounded
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Stops watching and releases resources, for an agent that stops (and is expected back). Tasks that can outlive
     * the agent are let go, not killed, and their ends not reported: Docker containers keep running for the next
     * agent's {@link #recover}. Tasks that cannot (host processes) are killed with a short grace.
     * Use {@link #killAll} first to stop everything.
     */
    @Override
    void close();
}
