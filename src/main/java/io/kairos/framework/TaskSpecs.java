package io.kairos.framework;

import io.kairos.agent.TaskId;
import io.kairos.agent.TaskSpec;
import io.kairos.job.JobDefinition;
import io.kairos.job.ParamSubstitution;
import io.kairos.run.PendingRun;
import io.kairos.spark.SparkSubmitArgs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the task an agent runs for one attempt of a run. */
final class TaskSpecs {
    private TaskSpecs() {
    }

    static TaskSpec of(PendingRun run, TaskId task) {
        JobDefinition job = run.job();
        Map<String, String> env = new LinkedHashMap<>(job.env());
        env.put("KAIROS_JOB_NAME", job.name());
        env.put("KAIROS_RUN_ID", Long.toString(run.runId()));
        env.put("KAIROS_SCHEDULED_TIME", run.scheduledAt().toString());
        env.put("KAIROS_ATTEMPT_ID", Long.toString(task.value()));
        env.putAll(ParamSubstitution.env(job.parameters(), run.params()));
        Optional<String> image = Optional.ofNullable(job.container()).map(JobDefinition.ContainerSpec::image);
        boolean forcePull = job.container() != null && job.container().forcePull();
        if (job.spark() != null) {
            List<String> appArgs = ParamSubstitution.args(job.spark().args(), job.parameters(), run.params());
            return new TaskSpec(task, run.runId(), job.name(), image, forcePull, null,
                    SparkSubmitArgs.of(job.spark(), job.name(), appArgs), env,
                    job.resources().cpus(), job.resources().memMb(), true);
        }
        return new TaskSpec(task, run.runId(), job.name(), image, forcePull,
                job.command(), ParamSubstitution.args(job.args(), job.parameters(), run.params()), env,
                job.resources().cpus(), job.resources().memMb());
    }
}
