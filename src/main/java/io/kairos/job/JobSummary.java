package io.kairos.job;

import io.kairos.schedule.ScheduleSpec;

import java.time.Instant;
import java.util.List;

/**
 * One row of the jobs page: enough to list a job without reading its definition.
 *
 * @param lastRunState null when the job never ran
 * @param recent       the states of its newest runs, oldest first (the strip reads left to right)
 */
public record JobSummary(long id, String name, String owner, String command, boolean enabled, ScheduleSpec schedule,
                         Instant nextFireAt, Long lastRunId, String lastRunState, Instant lastRunAt, List<RecentRun> recent) {

    public record RecentRun(long id, String state) {
    }
}
