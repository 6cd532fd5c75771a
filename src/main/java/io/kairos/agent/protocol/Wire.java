package io.kairos.agent.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.task.TaskOutcome;
import io.kairos.task.TaskSpec;
import io.kairos.task.TaskId;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import io.kairos.task.HealthCheck;

/** JSON text to messages and back, and the mapping between wire types and Kairos records. */
public final class Wire {

    private static final ObjectMapper JSON = new ObjectMapper()
            // a newer peer may add fields; an older one must still understand the rest
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Wire() {
    }

    public static String encode(Message m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + m.getClass().getSimpleName(), e);
        }
    }

    /** @throws IllegalArgumentException for text that is not a known message */
    public static Message decode(String text) {
        try {
            return JSON.readValue(text, Message.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an agent protocol message: " + e.getOriginalMessage(), e);
        }
    }

    /** A task as an agent keeps it on disk, in the launch's form with its secrets masked (see {@link TaskSpec#withoutSecrets}). */
    public static String keep(TaskSpec spec) {
        try {
            return JSON.writeValueAsString(task(spec.withoutSecrets()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode task " + spec.taskId(), e);
        }
    }

    /** @throws IllegalArgumentException for text that {@link #keep} did not write */
    public static TaskSpec kept(String text) {
        try {
            return spec(JSON.readValue(text, Message.Task.class));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a kept task: " + e.getMessage(), e);
        }
    }

    public static Message.Task task(TaskSpec s) {
        return new Message.Task(s.taskId().value(), s.runId(), s.jobName(), s.image().orElse(null), s.forcePull(),
                s.command(), s.args(), s.env(), s.cpus(), s.memMb(), s.gpus(), s.ports(), s.sparkSubmit(), s.secrets(), s.host(),
                s.healthChecks().isEmpty() ? null : s.healthChecks().stream().map(Wire::check).toList(),
                s.containerPorts().isEmpty() ? null : s.containerPorts());
    }

    private static Message.Check check(HealthCheck c) {
        return new Message.Check(c.protocol().name(), c.portIndex(), c.path(), c.gracePeriod().toMillis(),
                c.interval().toMillis(), c.timeout().toMillis(), c.maxConsecutiveFailures(), c.command());
    }

    private static HealthCheck check(Message.Check c) {
        return new HealthCheck(HealthCheck.Protocol.valueOf(c.protocol()), c.portIndex(), c.path(), c.command(),
                Duration.ofMillis(c.gracePeriodMillis()), Duration.ofMillis(c.intervalMillis()), Duration.ofMillis(c.timeoutMillis()),
                c.maxConsecutiveFailures());
    }

    public static TaskSpec spec(Message.Task t) {
        return new TaskSpec(new TaskId(t.taskId()), t.runId(), t.jobName(), Optional.ofNullable(t.image()), t.forcePull(),
                t.command(), t.args(), t.env(), t.cpus(), t.memMb(), t.gpus(), t.ports(), t.sparkSubmit(), t.secrets(), t.host(),
                t.healthChecks() == null ? List.of() : t.healthChecks().stream().map(Wire::check).toList(), t.containerPorts());
    }

    public static Message.Outcome outcome(TaskOutcome o) {
        return new Message.Outcome(o.kind().name(), o.exitCode(), o.message());
    }

    public static TaskOutcome outcome(Message.Outcome o) {
        return new TaskOutcome(TaskOutcome.Kind.valueOf(o.kind()), o.exitCode(), o.message());
    }
}
