package io.kairos.agent;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Follows one started container: streams its output to the listener while it runs, waits for its exit, lets the
 * output drain, reports the outcome, then hands back for removal. Runs on a watcher thread of its own.
 */
final class DockerTaskWatch {

    private static final System.Logger LOG = System.getLogger(DockerTaskWatch.class.getName());
    /** After the exit, how long the rest of the output may take to arrive before we report without it. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final DockerClient docker;
    private final TaskHandle task;
    private final String containerId;

    DockerTaskWatch(DockerClient docker, TaskHandle task, String containerId) {
        this.docker = docker;
        this.task = task;
        this.containerId = containerId;
    }

    void watchUntilExit(Runnable release) {
        try {
            // Logs of a container are kept from its start, so following them after start() misses nothing.
            ResultCallback.Adapter<Frame> output = docker.logContainerCmd(containerId)
                    .withFollowStream(true).withStdOut(true).withStdErr(true)
                    .exec(new ResultCallback.Adapter<>() {
                        @Override
                        public void onNext(Frame frame) {
                            LogStream stream = switch (frame.getStreamType()) {
                                case STDERR -> LogStream.STDERR;
                                default -> LogStream.STDOUT;
                            };
                            task.output(stream, frame.getPayload());
                        }
                    });
            TaskOutcome outcome = awaitExit();
            drain(output);
            task.finish(outcome);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "watching container " + containerId + " of task " + task.id() + " failed", e);
            task.finish(TaskOutcome.killed("lost track of container " + containerId + ": "
                    + DockerContainerizer.rootMessage(e)));
        } finally {
            release.run();
        }
    }

    private TaskOutcome awaitExit() {
        int exitCode;
        try {
            exitCode = docker.waitContainerCmd(containerId).exec(new WaitContainerResultCallback()).awaitStatusCode();
        } catch (RuntimeException e) {
            return TaskOutcome.killed("lost track of container " + containerId + ": "
                    + DockerContainerizer.rootMessage(e));
        }
        if (wasOutOfMemory()) {
            return new TaskOutcome(TaskOutcome.Kind.EXITED, exitCode, "killed by the kernel: out of memory");
        }
        return TaskOutcome.exited(exitCode);
    }

    private boolean wasOutOfMemory() {
        try {
            InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(containerId).exec().getState();
            return state != null && Boolean.TRUE.equals(state.getOOMKilled());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void drain(ResultCallback.Adapter<Frame> output) {
        try {
            if (!output.awaitCompletion(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "output of task " + task.id() + " did not end within " + DRAIN_TIMEOUT
                        + " of its exit; reporting it as finished anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The exit code is known; a broken log stream only costs output, not the outcome.
            LOG.log(Level.WARNING, "output of task " + task.id() + " ended with an error", e);
        } finally {
            try {
                output.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing the log stream of " + containerId + " failed", e);
            }
        }
    }
}
