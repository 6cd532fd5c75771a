package io.kairos.run;

import io.kairos.job.JobDefinition;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run waiting in the queue, with what the batch framework needs to place it. {@code params}: the
 * values bound to the job's parameters (the defaults when the run has none yet); {@code maxParallel}:
 * a BACKFILL run's limit, else null; {@code extraArgs}: arguments appended to the job's argv for
 * this run only.
 */
public record PendingRun(long runId, long jobId, String trigger, Instant scheduledAt, String reason, JobDefinition job,
                         Map<String, Object> params, Integer maxParallel, List<String> extraArgs) {

    public PendingRun {
        extraArgs = extraArgs == null ? List.of() : List.copyOf(extraArgs);
    }
}
