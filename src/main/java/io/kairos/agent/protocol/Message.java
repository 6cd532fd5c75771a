package io.kairos.agent.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;
import java.util.Map;

/**
 * The agent protocol: JSON text frames over one WebSocket that the agent opens to the scheduler. Every
 * message carries {@code "type"}. Commands from the scheduler carry its {@code epoch}; an agent refuses a
 * command whose epoch is older than the newest it has seen (fencing against a deposed leader).
 *
 * <p>These are wire types: {@link Wire} maps them to Kairos records where they enter, nothing deeper uses them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Message.Register.class, name = "register"),
        @JsonSubTypes.Type(value = Message.Registered.class, name = "registered"),
        @JsonSubTypes.Type(value = Message.Heartbeat.class, name = "heartbeat"),
        @JsonSubTypes.Type(value = Message.Launch.class, name = "launch"),
        @JsonSubTypes.Type(value = Message.Kill.class, name = "kill"),
        @JsonSubTypes.Type(value = Message.Status.class, name = "status"),
        @JsonSubTypes.Type(value = Message.Ack.class, name = "ack"),
        @JsonSubTypes.Type(value = Message.LogChunk.class, name = "log"),
        @JsonSubTypes.Type(value = Message.Shutdown.class, name = "shutdown"),
})
public sealed interface Message {

    /** A scheduler-to-agent command, fenced by the sender's epoch. */
    sealed interface Command extends Message {
        long epoch();
    }

    // ---- agent -> scheduler

    /**
     * First message on a connection. {@code running}: tasks the agent has, including finished ones whose end is
     * not yet acknowledged, so the scheduler adopts rather than loses them. {@code ports} like {@code 31000-32000}.
     */
    record Register(String agentId, String hostname, double cpus, long memMb, long diskMb, long gpus, List<String> ports,
                    Map<String, String> attributes, List<Long> running, long newestEpochSeen) implements Message {
    }

    /**
     * A task started ({@code containerId} set), finished ({@code outcome} set) or changed health ({@code healthy} set,
     * {@code containerId} carrying what the check saw). Re-sent, with the same {@code updateId}, until acknowledged;
     * the scheduler applies each update at most once in effect.
     */
    record Status(String updateId, long taskId, StatusKind kind, String containerId, Outcome outcome, Boolean healthy)
            implements Message {

        public Status(String updateId, long taskId, StatusKind kind, String containerId, Outcome outcome) {
            this(updateId, taskId, kind, containerId, outcome, null);
        }
    }

    enum StatusKind { STARTED, FINISHED, HEALTH }

    /**
     * A health check of a task, as {@link io.kairos.task.HealthCheck}; durations in milliseconds. {@code command}: a
     * COMMAND check's shell command, else null (absent from an older scheduler).
     */
    record Check(String protocol, int portIndex, String path, long gracePeriodMillis, long intervalMillis,
                 long timeoutMillis, int maxConsecutiveFailures, String command) {
    }

    /** {@code kind}: EXITED (with exitCode), KILLED or FAILED_TO_START. */
    record Outcome(String kind, Integer exitCode, String message) {
    }

    /** Raw output bytes, base64 in {@code data}; {@code stream} STDOUT or STDERR. Not acknowledged. */
    record LogChunk(long taskId, String stream, String data) implements Message {
    }

    // ---- both ways

    /** From the agent {@code epoch} is the newest it has seen; from the scheduler it is its own. */
    record Heartbeat(long epoch) implements Message {
    }

    // ---- scheduler -> agent

    /**
     * The answer to {@link Register}; {@code heartbeatMillis} is how often the scheduler expects a heartbeat.
     * {@code clusterId}: the id of the scheduler's database, which the agent labels its containers with (null from
     * an older scheduler).
     */
    record Registered(long epoch, String agentId, long heartbeatMillis, String clusterId) implements Command {

        public Registered(long epoch, String agentId, long heartbeatMillis) {
            this(epoch, agentId, heartbeatMillis, null);
        }
    }

    /** Idempotent by task id. */
    record Launch(long epoch, Task task) implements Command {
    }

    /**
     * {@code image} null for a plain process; cpus in cores, memory in MiB. {@code sparkSubmit}: {@code args} are
     * spark-submit's, the agent puts its spark-submit in front (absent from an older scheduler: false).
     */
    record Task(long taskId, long runId, String jobName, String image, boolean forcePull, String command,
                List<String> args, Map<String, String> env, double cpus, long memMb, long gpus, List<Integer> ports,
                boolean sparkSubmit, Map<String, String> secrets, io.kairos.task.HostAccess host, List<Check> healthChecks,
                List<Integer> containerPorts) {

        /** A task whose ports are published under their own numbers (absent from an older scheduler). */
        public Task(long taskId, long runId, String jobName, String image, boolean forcePull, String command, List<String> args,
                    Map<String, String> env, double cpus, long memMb, long gpus, List<Integer> ports, boolean sparkSubmit,
                    Map<String, String> secrets, io.kairos.task.HostAccess host, List<Check> healthChecks) {
            this(taskId, runId, jobName, image, forcePull, command, args, env, cpus, memMb, gpus, ports, sparkSubmit, secrets, host,
                    healthChecks, null);
        }

        /** A task without health checks (a run's attempt, or from an older scheduler). */
        public Task(long taskId, long runId, String jobName, String image, boolean forcePull, String command, List<String> args,
                    Map<String, String> env, double cpus, long memMb, long gpus, List<Integer> ports, boolean sparkSubmit,
                    Map<String, String> secrets, io.kairos.task.HostAccess host) {
            this(taskId, runId, jobName, image, forcePull, command, args, env, cpus, memMb, gpus, ports, sparkSubmit, secrets, host,
                    (List<Check>) null);
        }

        /** A task given nothing of its host beyond Docker's defaults. */
        public Task(long taskId, long runId, String jobName, String image, boolean forcePull, String command, List<String> args,
                    Map<String, String> env, double cpus, long memMb, long gpus, List<Integer> ports, boolean sparkSubmit,
                    Map<String, String> secrets) {
            this(taskId, runId, jobName, image, forcePull, command, args, env, cpus, memMb, gpus, ports, sparkSubmit, secrets,
                    (io.kairos.task.HostAccess) null);
        }

        /** A task without secrets. */
        public Task(long taskId, long runId, String jobName, String image, boolean forcePull, String command, List<String> args,
                    Map<String, String> env, double cpus, long memMb, long gpus, List<Integer> ports, boolean sparkSubmit) {
            this(taskId, runId, jobName, image, forcePull, command, args, env, cpus, memMb, gpus, ports, sparkSubmit, Map.of());
        }

        @Override
        public String toString() {
            // the launch carries the secrets' values; a logged message must not
            return "Task[taskId=" + taskId + ", runId=" + runId + ", jobName=" + jobName + ", secrets=" + (secrets == null ? "{}"
                    : secrets.keySet()) + "]";
        }
    }

    record Kill(long epoch, long taskId, long graceMillis) implements Command {
    }

    record Ack(long epoch, String updateId) implements Command {
    }

    /** The agent kills its tasks, stops reconnecting and exits. */
    record Shutdown(long epoch, String reason) implements Command {
    }
}
