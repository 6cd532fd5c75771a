package io.kairos.agent;

import io.kairos.task.TaskId;
import io.kairos.task.TaskOutcome;
import io.kairos.task.LogStream;
import io.kairos.task.TaskListener;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Keeps everything a containerizer reports, in arrival order, for one test's tasks. */
final class RecordingListener implements TaskListener {

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final List<String> events = new ArrayList<>();
    private final List<TaskOutcome> outcomes = new ArrayList<>();
    private final List<String> runtimeIds = new ArrayList<>();
    private final List<String> health = new ArrayList<>();

    @Override
    public synchronized void onStarted(TaskId task, String containerId) {
        runtimeIds.add(containerId);
        events.add("started");
    }

    @Override
    public synchronized void onOutput(TaskId task, LogStream stream, byte[] data) {
        (stream == LogStream.STDOUT ? stdout : stderr).writeBytes(data);
        events.add("output");
    }

    @Override
    public synchronized void onFinished(TaskId task, TaskOutcome outcome) {
        outcomes.add(outcome);
        events.add("finished");
    }

    @Override
    public synchronized void onHealth(TaskId task, boolean healthy, String message) {
        health.add((healthy ? "healthy: " : "unhealthy: ") + message);
        events.add("health");
    }

    /** Each health report, as {@code healthy: <message>} or {@code unhealthy: <message>}. */
    synchronized List<String> health() {
        return List.copyOf(health);
    }

    synchronized String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    synchronized String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized List<TaskOutcome> outcomes() {
        return List.copyOf(outcomes);
    }

    synchronized List<String> runtimeIds() {
        return List.copyOf(runtimeIds);
    }

    synchronized boolean finished() {
        return !outcomes.isEmpty();
    }

    /** Waits for the (first) outcome. */
    TaskOutcome awaitOutcome() {
        await().atMost(Duration.ofSeconds(60)).until(this::finished);
        return outcomes().get(0);
    }
}
