package io.kairos.agent;

import io.kairos.task.TaskId;
import io.kairos.task.TaskSpec;
import io.kairos.task.TaskListener;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** Runs image tasks with the Docker containerizer and the rest as host processes. */
public final class CompositeContainerizer implements Containerizer {

    private final Containerizer docker;
    private final Containerizer process;

    public CompositeContainerizer(Containerizer docker, Containerizer process) {
        this.docker = docker;
        this.process = process;
    }

    @Override
    public void launch(TaskSpec spec, TaskListener listener) {
        // Idempotency holds across both: the same task id is not started a second time on the other side.
        if (docker.running().contains(spec.taskId()) || process.running().contains(spec.taskId())) {
            return;
        }
        // secrets are masked here, once, for both containerizers (a container taken over after an agent restart is masked
        // by the Docker containerizer, from its labels and environment; a process task never outlives its agent)
        (spec.image().isPresent() ? docker : process).launch(spec, MaskingListener.of(spec, listener));
    }

    @Override
    public void kill(TaskId task, Duration grace) {
        if (docker.running().contains(task)) {
            docker.kill(task, grace);
        } else {
            process.kill(task, grace);
        }
    }

    @Override
    public String exec(TaskId task, String command, Duration timeout) {
        return (docker.running().contains(task) ? docker : process).exec(task, command, timeout);
    }

    @Override
    public Set<TaskId> recover(TaskListener listener) {
        Set<TaskId> all = new HashSet<>(docker.recover(listener));
        all.addAll(process.recover(listener));
        return Set.copyOf(all);
    }

    @Override
    public void joinedCluster(String clusterId) {
        docker.joinedCluster(clusterId);
        process.joinedCluster(clusterId);
    }

    @Override
    public Set<TaskId> running() {
        Set<TaskId> all = new HashSet<>(docker.running());
        all.addAll(process.running());
        return Set.copyOf(all);
    }

    /** False while Docker is unreachable, even though process tasks could still run: health should show it. */
    @Override
    public boolean available() {
        return docker.available() && process.available();
    }

    /** Docker containers are let go, host processes killed: see {@link Containerizer#close()}. */
    @Override
    public void close() {
        try {
            docker.close();
        } finally {
            process.close();
        }
    }
}
