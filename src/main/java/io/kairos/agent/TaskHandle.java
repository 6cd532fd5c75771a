package io.kairos.agent;

import io.kairos.task.TaskId;
import io.kairos.task.TaskOutcome;
import io.kairos.task.LogStream;
import io.kairos.task.TaskListener;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bookkeeping both containerizers share for one launched task: the listener (shielded from its own
 * exceptions), the kill request, "onFinished exactly once" and the latch {@link Containerizer#kill} waits on.
 */
final class TaskHandle {

    private static final System.Logger LOG = System.getLogger(TaskHandle.class.getName());

    private final TaskId id;
    private final TaskListener listener;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private String runtimeId;
    private String killReason;
    private Duration killGrace;

    TaskHandle(TaskId id, TaskListener listener) {
        this.id = id;
        this.listener = listener;
    }

    TaskId id() {
        return id;
    }

    /**
     * Records the container id or pid and tells the listener. Returns the grace of a kill requested before the task
     * had started, so the caller stops it right away; null when no kill is pending.
     */
    Duration started(String runtimeId) {
        Duration pendingKill;
        synchronized (this) {
            this.runtimeId = runtimeId;
            pendingKill = killReason == null ? null : killGrace;
        }
        call("onStarted", () -> listener.onStarted(id, runtimeId));
        return pendingKill;
    }

    /** Marks the task as being killed; returns its container id or pid if it has started, else null. */
    synchronized String requestKill(String reason, Duration grace) {
        if (killReason == null) {
            killReason = reason;
            killGrace = grace;
        }
        return runtimeId;
    }

    /** The container id or pid once started, else null. */
    synchronized String runtimeId() {
        return runtimeId;
    }

    synchronized boolean killRequested() {
        return killReason != null;
    }

    synchronized String killReason() {
        return killReason;
    }

    void output(LogStream stream, byte[] data) {
        if (data.length > 0) {
            call("onOutput", () -> listener.onOutput(id, stream, data));
        }
    }

    /** Delivers the outcome once; later calls are ignored. A kill request turns an exit into KILLED. */
    void finish(TaskOutcome outcome) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        String reason = killReason();
        TaskOutcome reported = reason != null && outcome.kind() == TaskOutcome.Kind.EXITED
                ? TaskOutcome.killed(reason) : outcome;
        call("onFinished", () -> listener.onFinished(id, reported));
    }

    /** Called last, once the task's resources (container, working directory) are released. */
    void released() {
        done.countDown();
    }

    boolean awaitReleased(Duration timeout) {
        try {
            return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void call(String callback, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "listener " + callback + " failed for task " + id, e);
        }
    }
}
