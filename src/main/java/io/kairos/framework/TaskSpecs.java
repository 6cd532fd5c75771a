package io.kairos.framework;

import io.kairos.task.HostAccess;
import io.kairos.task.TaskId;
import io.kairos.task.TaskSpec;
import io.kairos.job.JobDefinition;
import io.kairos.job.ParamSubstitution;
import io.kairos.run.PendingRun;
import io.kairos.spark.SparkSubmitArgs;

import io.kairos.allocator.PortRanges;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Builds the task an agent runs for one attempt of a run. */
final class TaskSpecs {
    private TaskSpecs() {
    }

    /** Extra arguments are appended to an argv; never to a shell command's text (the API refuses those runs). */
    private static List<String> withExtra(List<String> args, List<String> extra) {
        if (args == null || extra.isEmpty()) {
            return args;
        }
        List<String> all = new java.util.ArrayList<>(args);
        all.addAll(extra);
        return all;
    }

    /**
     * @param ports   the host ports the placement picked for the task, possibly none
     * @param secrets the job's secrets, plain: they go into the launch and nowhere else
     */
    static TaskSpec of(PendingRun run, TaskId task, PortRanges ports, Map<String, String> secrets) {
        JobDefinition job = run.job();
        Map<String, String> env = new LinkedHashMap<>(job.env());
        env.put("KAIROS_JOB_NAME", job.name());
        env.put("KAIROS_RUN_ID", Long.toString(run.runId()));
        env.put("KAIROS_SCHEDULED_TIME", run.scheduledAt().toString());
        env.put("KAIROS_ATTEMPT_ID", Long.toString(task.value()));
        // Chronos' names, so scripts written for it find what it gave them (numbers as Chronos printed them, 128.0)
        env.put("CHRONOS_JOB_NAME", job.name());
        env.put("CHRONOS_JOB_OWNER", job.owner() == null ? "" : job.owner());
        env.put("CHRONOS_JOB_RUN_TIME", Long.toString(run.scheduledAt().toEpochMilli()));
        env.put("CHRONOS_RESOURCE_CPU", Double.toString(job.resources().cpus()));
        env.put("CHRONOS_RESOURCE_MEM", Double.toString(job.resources().memMb()));
        env.put("CHRONOS_RESOURCE_DISK", Double.toString(job.resources().diskMb()));
        env.put("mesos_task_id", Long.toString(task.value()));
        env.putAll(ParamSubstitution.env(job.parameters(), run.params()));
        // Marathon's names, so programs written for it find their ports
        List<Integer> hostPorts = ports.ports();
        for (int i = 0; i < hostPorts.size(); i++) {
            env.put("PORT" + i, hostPorts.get(i).toString());
        }
        if (!hostPorts.isEmpty()) {
            env.put("PORT", hostPorts.get(0).toString());
            env.put("PORTS", hostPorts.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        Optional<String> image = Optional.ofNullable(job.container()).map(JobDefinition.ContainerSpec::image);
        boolean forcePull = job.container() != null && job.container().forcePull();
        HostAccess host = hostAccess(job.container());
        if (job.spark() != null) {
            List<String> appArgs = withExtra(ParamSubstitution.args(job.spark().args(), job.parameters(), run.params()), run.extraArgs());
            return new TaskSpec(task, run.runId(), job.name(), image, forcePull, null,
                    SparkSubmitArgs.of(job.spark(), job.name(), appArgs), env,
                    job.resources().cpus(), job.resources().memMb(), job.resources().gpus(), hostPorts, true, secrets, host);
        }
        return new TaskSpec(task, run.runId(), job.name(), image, forcePull,
                job.command(), withExtra(ParamSubstitution.args(job.args(), job.parameters(), run.params()), run.extraArgs()), env,
                job.resources().cpus(), job.resources().memMb(), job.resources().gpus(), hostPorts, false, secrets, host);
    }

    /** What the container asks of its host; its role allowed each when the job was saved (RoleService). */
    static HostAccess hostAccess(JobDefinition.ContainerSpec c) {
        if (c == null) {
            return HostAccess.NONE;
        }
        List<String> binds = c.volumes().stream()
                .map(v -> v.hostPath() + ":" + v.containerPath() + ":" + (v.readOnly() ? "ro" : "rw")).toList();
        return new HostAccess(c.privileged(), c.network(), binds, c.capAdd());
    }
}
