package io.kairos.run;

import io.kairos.api.ApiException;
import io.kairos.api.Page;
import io.kairos.api.SqlValues;
import io.kairos.job.JobEntity;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A job's run history as the console reads it: filtered by state and logical time, and its durations. */
@ApplicationScoped
public class RunHistory {

    private final Clock clock;
    RunHistory(Clock clock) {
        this.clock = clock;
    }

    /**
     * The job's runs, newest first; {@code state}, {@code from} (inclusive) and {@code to}
     * (exclusive) on the logical time ({@code scheduledAt}) narrow it when not null.
     */
    @Transactional
    public Page<RunView> page(String jobName, RunState state, Instant from, Instant to, int page, int size) {
        long jobId = jobId(jobName);
        StringBuilder where = new StringBuilder("jobId = :job");
        Parameters p = Parameters.with("job", jobId);
        if (state != null) {
            where.append(" and state = :state");
            p.and("state", state);
        }
        if (from != null) {
            where.append(" and scheduledAt >= :from");
            p.and("from", from);
        }
        if (to != null) {
            where.append(" and scheduledAt < :to");
            p.and("to", to);
        }
        var q = RunEntity.<RunEntity>find(where.toString(), Sort.by("id").descending(), p);
        Instant now = clock.instant();
        List<RunView> items = q.page(page, size).list().stream().map(r -> RunView.of(r, null, now)).toList();
        return new Page<>(items, page, size, q.count());
    }

    /** One point of the duration chart: a run that started, with how long it ran (so far, if it still runs). */
    public record Duration(long runId, Instant startedAt, long millis, RunState state) {
    }

    /** The durations of the job's newest {@code limit} runs that started, oldest first. */
    @Transactional
    public List<Duration> durations(String jobName, int limit) {
        long jobId = jobId(jobName);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("SELECT id, started_at, finished_at, state FROM run"
                        + " WHERE job_id = ?1 AND started_at IS NOT NULL ORDER BY id DESC LIMIT ?2")
                .setParameter(1, jobId).setParameter(2, limit).getResultList();
        Instant now = clock.instant();
        List<Duration> out = new ArrayList<>(rows.size());
        for (int i = rows.size() - 1; i >= 0; i--) {
            Object[] r = rows.get(i);
            Instant started = SqlValues.instant(r[1]);
            Instant finished = r[2] == null ? now : SqlValues.instant(r[2]);
            out.add(new Duration(((Number) r[0]).longValue(), started, java.time.Duration.between(started, finished).toMillis(),
                    RunState.valueOf((String) r[3])));
        }
        return out;
    }

    private static long jobId(String jobName) {
        return JobEntity.<JobEntity>find("name", jobName).firstResultOptional()
                .orElseThrow(() -> ApiException.notFound("no job named '" + jobName + "'")).id;
    }

    /** Looked up on use: in the agent role the persistence unit is inactive, and only a lookup may refer to it. */
    private static EntityManager em() {
        return Panache.getEntityManager();
    }
}
