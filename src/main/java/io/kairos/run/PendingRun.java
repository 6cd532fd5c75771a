package io.kairos.run;

import io.kairos.job.JobDefinition;

import java.time.Instant;

/** A run waiting in the queue, with what the batch framework needs to place it. */
public record PendingRun(long runId, long jobId, String trigger, Instant scheduledAt, String reason, JobDefinition job) {
}
