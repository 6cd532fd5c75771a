package io.kairos.job;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/** The slots due next across all jobs, read from each job's stored next slot (index job_due). */
@ApplicationScoped
public class NextFires {

    /** {@code zone}: the job's schedule time zone, to show the slot in the job's own time too. */
    public record Fire(String job, Instant at, String zone) {
    }

    @Transactional
    public List<Fire> next(int limit) {
        return JobEntity.<JobEntity>find("nextFireAt is not null order by nextFireAt").page(0, limit).list().stream()
                .map(j -> new Fire(j.name, j.nextFireAt, j.scheduleTimezone)).toList();
    }
}
