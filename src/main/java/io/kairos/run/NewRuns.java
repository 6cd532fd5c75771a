package io.kairos.run;

import java.time.Instant;

/**
 * The one place runs are made. Every run is born queued ({@link #BORN}), except a slot the firing sweep records as
 * already missed, which is born SKIPPED with its reason: the bulk SQL paths (firing, backfill) bind these states
 * rather than write their own.
 */
public final class NewRuns {

    /** The state a run is born in. */
    public static final RunState BORN = RunState.PENDING;

    private NewRuns() {
    }

    /** A queued run of a job, not yet persisted: {@code logicalTime} is its slot (or the request time of a manual run). */
    public static RunEntity queued(long jobId, String jobName, String trigger, Instant logicalTime, String reason, Instant now) {
        RunEntity r = new RunEntity(BORN);
        r.jobId = jobId;
        r.jobName = jobName;
        r.trigger = trigger;
        r.scheduledAt = logicalTime;
        r.reason = reason;
        r.createdAt = now;
        return r;
    }

    /** The state of a slot the firing sweep records: queued to run, or born SKIPPED (its deadline passed). */
    public static RunState slot(boolean run) {
        return run ? BORN : RunState.SKIPPED;
    }
}
