package io.kairos.task;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to run.
 *
 * <p>{@code image} empty means a plain process on the host. At most one of {@code command} (run through
 * {@code /bin/sh -c}) and {@code args} (executed directly, no shell) is non-null; both null means the
 * image's default command (a process task needs one of them).
 *
 * <p>{@code sparkSubmit}: {@code args} are the arguments of {@code spark-submit}, and the agent puts its own
 * spark-submit command in front of them ({@link SparkSubmitCommand}): the scheduler cannot know where each agent,
 * or each image, keeps Spark.
 *
 * @param cpus  CPU share in cores, {@code 0} for no limit
 * @param memMb memory limit in MiB, {@code 0} for no limit
 * @param gpus  whole GPUs the task was given, {@code 0} for none
 * @param ports host ports the task was given, ascending; a container has each published on the host
 *              under the same number, and every task sees them as {@code PORT0..PORTn}
 * @param secrets the job's secrets, plain, given to the task as environment variables beside {@code env}; they
 *                travel in the launch only: {@link #toString()} masks them and {@link #withoutSecrets()} is what
 *                is stored or shown anywhere else (issue 11)
 * @param host    what a container is given of its host beyond Docker's defaults ({@link HostAccess#NONE} mostly)
 * @param healthChecks what the agent checks of the running task (a service's instance); none for a run's attempt
 * @param containerPorts for a container, the port inside it each host port is published to (Marathon's
 *                       {@code portMappings}), in the order of {@code ports}; 0, or an empty list, for the host port's
 *                       own number
 */
public record TaskSpec(TaskId taskId, long runId, String jobName, Optional<String> image, boolean forcePull,
                       String command, List<String> args, Map<String, String> env,
                       double cpus, long memMb, long gpus, List<Integer> ports, boolean sparkSubmit,
                       Map<String, String> secrets, HostAccess host, List<HealthCheck> healthChecks,
                       List<Integer> containerPorts) {

    private static final String MASK = "***";

    public TaskSpec {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(image, "image (use Optional.empty() for a process task)");
        if (command != null && args != null) {
            throw new IllegalArgumentException("task " + taskId + ": give command or args, not both");
        }
        if (args != null && args.isEmpty()) {
            throw new IllegalArgumentException("task " + taskId + ": args must not be empty");
        }
        if (cpus < 0 || Double.isNaN(cpus) || memMb < 0 || gpus < 0) {
            throw new IllegalArgumentException("task " + taskId + ": cpus, memMb and gpus must be >= 0");
        }
        ports = ports == null ? List.of() : List.copyOf(ports);
        if (sparkSubmit && args == null) {
            throw new IllegalArgumentException("task " + taskId + ": a spark-submit task needs its arguments in args");
        }
        args = args == null ? null : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        host = host == null ? HostAccess.NONE : host;
        healthChecks = healthChecks == null ? List.of() : List.copyOf(healthChecks);
        containerPorts = containerPorts == null ? List.of() : List.copyOf(containerPorts);
        if (!containerPorts.isEmpty() && (containerPorts.size() != ports.size() || image.isEmpty()
                || containerPorts.stream().anyMatch(p -> p < 0 || p > 65_535))) {
            throw new IllegalArgumentException("task " + taskId + ": containerPorts are for a container, one (0..65535) per host"
                    + " port; got " + containerPorts + " for ports " + ports);
        }
    }

    /** A task whose ports are published under their own numbers. */
    public TaskSpec(TaskId taskId, long runId, String jobName, Optional<String> image, boolean forcePull,
                    String command, List<String> args, Map<String, String> env,
                    double cpus, long memMb, long gpus, List<Integer> ports, boolean sparkSubmit,
                    Map<String, String> secrets, HostAccess host, List<HealthCheck> healthChecks) {
        this(taskId, runId, jobName, image, forcePull, command, args, env, cpus, memMb, gpus, ports, sparkSubmit, secrets, host,
                healthChecks, List.of());
    }

    /** The port inside the container that host port {@code i} is published to. */
    public int containerPort(int i) {
        return containerPorts.isEmpty() || containerPorts.get(i) == 0 ? ports.get(i) : containerPorts.get(i);
    }

    /** A task with no health checks: a run's attempt. */
    public TaskSpec(TaskId taskId, long runId, String jobName, Optional<String> image, boolean forcePull,
                    String command, List<String> args, Map<String, String> env,
                    double cpus, long memMb, long gpus, List<Integer> ports, boolean sparkSubmit,
                    Map<String, String> secrets, HostAccess host) {
        this(taskId, runId, jobName, image, forcePull, command, args, env, cpus, memMb, gpus, ports, sparkSubmit, secrets, host,
                List.of());
    }

    /** A task given nothing of its host beyond Docker's defaults. */
    public TaskSpec(TaskId taskId, long runId, String jobName, Optional<String> image, boolean forcePull,
                    String command, List<String> args, Map<String, String> env,
                    double cpus, long memMb, long gpus, List<Integer> ports, boolean sparkSubmit, Map<String, String> secrets) {
        this(taskId, runId, jobName, image, forcePull, command, args, env, cpus, memMb, gpus, ports, sparkSubmit, secrets,
                HostAccess.NONE);
    }

    /** A task with no secrets (every task before issue 11). */
    public TaskSpec(TaskId taskId, long runId, String jobName, Optional<String> image, boolean forcePull,
                    String command, List<String> args, Map<String, String> env,
                    double cpus, long memMb, long gpus, List<Integer> ports, boolean sparkSubmit) {
        this(taskId, runId, jobName, image, forcePull, command, args, env, cpus, memMb, gpus, ports, sparkSubmit, Map.of());
    }

    /** The same task with its secrets' values gone (names kept, masked): what may be written down or shown. */
    public TaskSpec withoutSecrets() {
        Map<String, String> masked = new java.util.TreeMap<>();
        secrets.keySet().forEach(k -> masked.put(k, MASK));
        return new TaskSpec(taskId, runId, jobName, image, forcePull, command, args, env, cpus, memMb, gpus, ports, sparkSubmit,
                masked, host, healthChecks, containerPorts);
    }

    /** The environment the task runs with: {@code env} and the secrets (which never collide: the API refuses it). */
    public Map<String, String> environment() {
        if (secrets.isEmpty()) {
            return env;
        }
        Map<String, String> all = new java.util.LinkedHashMap<>(env);
        all.putAll(secrets);
        return all;
    }

    @Override
    public String toString() {
        // a record's own toString would print every secret's value into whatever log holds a task
        return "TaskSpec[taskId=" + taskId + ", runId=" + runId + ", jobName=" + jobName + ", image=" + image + ", command="
                + command + ", args=" + args + ", env=" + env + ", secrets=" + withoutSecrets().secrets + ", cpus=" + cpus
                + ", memMb=" + memMb + ", gpus=" + gpus + ", ports=" + ports + ", containerPorts=" + containerPorts + ", host=" + host
                + ", healthChecks=" + healthChecks + "]";
    }

    /** A task that runs its command or args as they are, with no GPUs or ports. */
    public TaskSpec(TaskId taskId, long runId, String jobName, Optional<String> image, boolean forcePull,
                    String command, List<String> args, Map<String, String> env, double cpus, long memMb) {
        this(taskId, runId, jobName, image, forcePull, command, args, env, cpus, memMb, 0, List.of(), false);
    }

    /** The same task running {@code args} as they are (for the agent that resolved spark-submit). */
    public TaskSpec withArgs(List<String> newArgs) {
        return new TaskSpec(taskId, runId, jobName, image, forcePull, null, newArgs, env, cpus, memMb, gpus, ports, false, secrets,
                host, healthChecks, containerPorts);
    }
}
