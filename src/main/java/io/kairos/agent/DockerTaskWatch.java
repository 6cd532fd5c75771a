package io.kairos.agent;

import io.kairos.task.TaskOutcome;
import io.kairos.task.LogStream;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Follows one started container: streams its output to the listener while it runs, waits for its exit, lets the
 * output drain, reports the outcome, then hands back for removal. Runs on a watcher thread of its own.
 *
 * <p>{@link #letGo()} ends the watch without reporting or removing anything: the container keeps running (or stays
 * exited) for the next agent to recover.
 */
final class DockerTaskWatch {

    private static final System.Logger LOG = System.getLogger(DockerTaskWatch.class.getName());
    /** After the exit, how long the rest of the output may take to arrive before we report without it. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final DockerClient docker;
    private final TaskHandle task;
    private final String containerId;
    /** The open Docker streams (output, exit), closed by {@link #letGo()} to unblock the watcher thread. */
    private final List<Closeable> streams = new CopyOnWriteArrayList<>();
    private volatile boolean lettingGo;

    DockerTaskWatch(DockerClient docker, TaskHandle task, String containerId) {
        this.docker = docker;
        this.task = task;
        this.containerId = containerId;
    }

    /**
     * @param fromNow false for a container this agent started (its whole output is followed: logs are kept from
     *                the start, so nothing is missed); true for a recovered one, whose output up to now was already
     *                sent by the agent before: only what it writes from now on is followed. Output written between
     *                the old agent letting go and this re-attach is not delivered; following from the container's
     *                start instead would send everything the old agent had sent a second time.
     * @param release removes the container and forgets the task, after the outcome was reported
     */
    void watchUntilExit(boolean fromNow, Runnable release) {
        ResultCallback.Adapter<Frame> output = null;
        TaskOutcome outcome;
        try {
            output = follow(fromNow);
            outcome = awaitExit();
        } catch (RuntimeException e) {
            outcome = lostTrack(e);
        }
        if (lettingGo) {
            closeQuietly(output);
            LOG.log(Level.DEBUG, "let go of container " + containerId + " of task " + task.id());
            return;
        }
        try {
            if (output != null) {
                drain(output);
            }
            task.finish(outcome);
        } finally {
            release.run();
        }
    }

    /** Stops watching: no output, no outcome, no removal. Returns at once; the watcher thread ends soon after. */
    void letGo() {
        lettingGo = true;
        streams.forEach(DockerTaskWatch::closeQuietly);
    }

    /** How a container that is no longer running ended, from its state. */
    static TaskOutcome outcomeOf(InspectContainerResponse.ContainerState state) {
        Long exitCode = state == null ? null : state.getExitCodeLong();
        if (exitCode == null) {
            return TaskOutcome.killed("container ended without an exit code");
        }
        if (Boolean.TRUE.equals(state.getOOMKilled())) {
            return new TaskOutcome(TaskOutcome.Kind.EXITED, exitCode.intValue(), "killed by the kernel: out of memory");
        }
        return TaskOutcome.exited(exitCode.intValue());
    }

    private ResultCallback.Adapter<Frame> follow(boolean fromNow) {
        LogContainerCmd logs = docker.logContainerCmd(containerId)
                .withFollowStream(true).withStdOut(true).withStdErr(true);
        if (fromNow) {
            logs.withTail(0);
        }
        return opened(logs.exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                if (lettingGo) {
                    return;
                }
                LogStream stream = switch (frame.getStreamType()) {
                    case STDERR -> LogStream.STDERR;
                    default -> LogStream.STDOUT;
                };
                task.output(stream, frame.getPayload());
            }
        }));
    }

    private TaskOutcome awaitExit() {
        int exitCode;
        try {
            exitCode = opened(docker.waitContainerCmd(containerId).exec(new WaitContainerResultCallback()))
                    .awaitStatusCode();
        } catch (RuntimeException e) {
            return lostTrack(e);
        }
        if (wasOutOfMemory()) {
            return new TaskOutcome(TaskOutcome.Kind.EXITED, exitCode, "killed by the kernel: out of memory");
        }
        return TaskOutcome.exited(exitCode);
    }

    /** Registers an open stream; one opened while letting go is closed right away. */
    private <T extends Closeable> T opened(T stream) {
        streams.add(stream);
        if (lettingGo) {
            closeQuietly(stream);
        }
        return stream;
    }

    private TaskOutcome lostTrack(RuntimeException e) {
        if (!lettingGo) {
            LOG.log(Level.WARNING, "watching container " + containerId + " of task " + task.id() + " failed", e);
        }
        return TaskOutcome.killed("lost track of container " + containerId + ": " + DockerContainerizer.rootMessage(e));
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
            closeQuietly(output);
        }
    }

    private static void closeQuietly(Closeable stream) {
        if (stream == null) {
            return;
        }
        try {
            stream.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "closing a Docker stream failed", e);
        }
    }
}
