package io.kairos.compat;

import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chronos' per-job counters, computed from the durable run history each time they are read: they
 * survive restarts and leader changes (in Chronos they lived in memory and ZooKeeper and were lost).
 * A FAILED, TIMED_OUT or KILLED run is an error; each run counts once, however many attempts it took.
 */
@ApplicationScoped
public class ChronosCounters {

    /** {@code lastSuccess}/{@code lastError} are UTC instants, null when there was none; {@code lastState} the newest run's. */
    public record Counts(long successCount, long errorCount, Instant lastSuccess, Instant lastError, long errorsSinceLastSuccess,
                         String lastState) {
        static final Counts NONE = new Counts(0, 0, null, null, 0, null);
    }

    private static final String SQL = """
            WITH per_job AS (
              SELECT r.job_id,
                     count(*) FILTER (WHERE r.state = 'SUCCEEDED') AS successes,
                     count(*) FILTER (WHERE r.state IN ('FAILED', 'TIMED_OUT', 'KILLED')) AS errors,
                     max(r.finished_at) FILTER (WHERE r.state = 'SUCCEEDED') AS last_success,
                     max(r.finished_at) FILTER (WHERE r.state IN ('FAILED', 'TIMED_OUT', 'KILLED')) AS last_error
              FROM run r JOIN job j ON j.id = r.job_id %s
              GROUP BY r.job_id)
            SELECT j.name, p.successes, p.errors, p.last_success, p.last_error,
                   (SELECT count(*) FROM run e WHERE e.job_id = p.job_id AND e.state IN ('FAILED', 'TIMED_OUT', 'KILLED')
                      AND e.finished_at > coalesce(p.last_success, '-infinity'::timestamptz)),
                   (SELECT l.state FROM run l WHERE l.job_id = p.job_id ORDER BY l.id DESC LIMIT 1)
            FROM per_job p JOIN job j ON j.id = p.job_id
            """;


    ChronosCounters() {
    }

    /** Counters of every job that has runs, by job name. */
    @Transactional
    public Map<String, Counts> all() {
        return read(em().createNativeQuery(SQL.formatted("")).getResultList());
    }

    @Transactional
    public Counts of(String job) {
        return read(em().createNativeQuery(SQL.formatted("WHERE j.name = :name")).setParameter("name", job).getResultList())
                .getOrDefault(job, Counts.NONE);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Counts> read(List<?> rows) {
        Map<String, Counts> out = new HashMap<>();
        for (Object[] r : (List<Object[]>) rows) {
            out.put((String) r[0], new Counts(((Number) r[1]).longValue(), ((Number) r[2]).longValue(), instant(r[3]),
                    instant(r[4]), ((Number) r[5]).longValue(), (String) r[6]));
        }
        return out;
    }

    static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (o instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + o.getClass());
    }

    /** Looked up per use: the agent role runs without a persistence unit, where a bean holding one cannot start. */
    private static EntityManager em() {
        return Panache.getEntityManager();
    }
}
