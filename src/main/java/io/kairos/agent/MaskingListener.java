package io.kairos.agent;

import io.kairos.security.OutputMask;
import io.kairos.security.SecretValue;
import io.kairos.task.LogStream;
import io.kairos.task.TaskId;
import io.kairos.task.TaskListener;
import io.kairos.task.TaskOutcome;
import io.kairos.task.TaskSpec;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Masks one task's secrets in its output before anything else on the agent sees it (issue 11): the chunks sent to
 * the scheduler, and so the stored log, hold {@code ***} instead. Each stream keeps its own {@link OutputMask}; what
 * a mask held back is given out before {@code onFinished}, which the listener contract says comes after all output.
 */
final class MaskingListener implements TaskListener {

    private final TaskListener next;
    private final Map<LogStream, OutputMask> masks = new EnumMap<>(LogStream.class);

    private MaskingListener(TaskListener next, List<SecretValue> values) {
        this.next = next;
        for (LogStream s : LogStream.values()) {
            masks.put(s, new OutputMask(values));
        }
    }

    /** {@code listener} itself for a task without secrets. */
    static TaskListener of(TaskSpec spec, TaskListener listener) {
        return of(spec.secrets().values(), listener);
    }

    /** Masking these values; {@code listener} itself when there are none. */
    static TaskListener of(java.util.Collection<String> values, TaskListener listener) {
        if (values.isEmpty()) {
            return listener;
        }
        return new MaskingListener(listener, values.stream().map(SecretValue::new).toList());
    }

    @Override
    public void onStarted(TaskId task, String containerId) {
        next.onStarted(task, containerId);
    }

    @Override
    public void onOutput(TaskId task, LogStream stream, byte[] data) {
        byte[] masked;
        synchronized (masks) {
            masked = masks.get(stream).accept(data);
        }
        if (masked.length > 0) {
            next.onOutput(task, stream, masked);
        }
    }

    @Override
    public void onFinished(TaskId task, TaskOutcome outcome) {
        for (LogStream s : LogStream.values()) {
            byte[] rest;
            synchronized (masks) {
                rest = masks.get(s).flush();
            }
            if (rest.length > 0) {
                next.onOutput(task, s, rest);
            }
        }
        next.onFinished(task, outcome);
    }
}
