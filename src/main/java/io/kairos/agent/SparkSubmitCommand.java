package io.kairos.agent;

import io.kairos.task.TaskId;
import io.kairos.task.TaskSpec;
import io.kairos.task.TaskListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Puts this agent's {@code spark-submit} in front of a Spark task's arguments, then hands the task on: the scheduler
 * builds spark-submit's arguments, each agent knows where its Spark is (and an image has its own). Other tasks pass
 * through untouched.
 */
public final class SparkSubmitCommand implements Containerizer {

    private final Containerizer next;
    private final List<String> onHost;
    private final List<String> inContainer;

    /** @param onHost, inContainer commands as white-space separated words, e.g. {@code /opt/spark/bin/spark-submit} */
    public SparkSubmitCommand(Containerizer next, String onHost, String inContainer) {
        this.next = next;
        this.onHost = words(onHost, "kairos.spark.submit");
        this.inContainer = words(inContainer, "kairos.spark.submit-in-container");
    }

    public SparkSubmitCommand(Containerizer next, SparkSubmitConfig config) {
        this(next, config.submit(), config.submitInContainer());
    }

    private static List<String> words(String command, String setting) {
        List<String> w = command == null ? List.of() : Arrays.stream(command.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        if (w.isEmpty()) {
            throw new IllegalArgumentException(setting + " must name a command, like spark-submit");
        }
        return w;
    }

    /** The task as the containerizer runs it: a Spark task's args with spark-submit in front. */
    TaskSpec resolve(TaskSpec spec) {
        if (!spec.sparkSubmit()) {
            return spec;
        }
        List<String> argv = new ArrayList<>(spec.image().isPresent() ? inContainer : onHost);
        argv.addAll(spec.args());
        return spec.withArgs(argv);
    }

    @Override
    public void launch(TaskSpec spec, TaskListener listener) {
        next.launch(resolve(spec), listener);
    }

    @Override
    public void kill(TaskId task, Duration grace) {
        next.kill(task, grace);
    }

    @Override
    public String exec(TaskId task, String command, Duration timeout) {
        return next.exec(task, command, timeout);
    }

    @Override
    public Set<TaskId> recover(TaskListener listener) {
        return next.recover(listener);
    }

    @Override
    public void joinedCluster(String clusterId) {
        next.joinedCluster(clusterId);
    }

    @Override
    public Set<TaskId> running() {
        return next.running();
    }

    @Override
    public boolean available() {
        return next.available();
    }

    @Override
    public void killAll(Duration grace) {
        next.killAll(grace);
    }

    @Override
    public void close() {
        next.close();
    }
}
