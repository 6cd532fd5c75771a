package io.kairos.run;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only overviews of the run history for the console: counts, what is going, what failed. Each
 * query is served by an index (V42__console_indexes.sql) so it stays fast with millions of runs.
 */
@ApplicationScoped
public class RunSummaries {

    /** A run in a list: enough to show and link it. */
    public record RunLine(long id, String job, RunState state, String agentId, Integer exitCode, String reason,
                          Instant startedAt, Instant finishedAt) {
    }

    /** A job whose newest ended run failed. */
    public record FailingJob(String job, RunLine lastRun) {
    }

    /** The runs created since {@code since}, counted by state (every state present, zero where none). */
    @Transactional
    public Map<RunState, Long> countsSince(Instant since) {
        Map<RunState, Long> out = new EnumMap<>(RunState.class);
        for (RunState s : RunState.values()) {
            out.put(s, 0L);
        }
        em().createQuery("select r.state, count(r) from RunEntity r where r.createdAt >= ?1 group by r.state", Object[].class)
                .setParameter(1, since).getResultList()
                .forEach(r -> out.put((RunState) r[0], ((Number) r[1]).longValue()));
        return out;
    }

    @Transactional
    public long countInStates(Collection<RunState> states) {
        return em().createQuery("select count(r) from RunEntity r where r.state in ?1", Long.class)
                .setParameter(1, states).getSingleResult();
    }

    /** Runs staging or running, oldest first. */
    @Transactional
    public List<RunLine> inProgress(int limit) {
        return RunEntity.<RunEntity>find("state in ?1 order by id", List.of(RunState.STAGING, RunState.RUNNING))
                .page(0, limit).list().stream().map(RunSummaries::line).toList();
    }

    /** The runs that ended last, newest first. */
    @Transactional
    public List<RunLine> recentlyEnded(int limit) {
        return RunEntity.<RunEntity>find("finishedAt is not null order by finishedAt desc")
                .page(0, limit).list().stream().map(RunSummaries::line).toList();
    }

    /**
     * Jobs with a run that failed (or timed out) since {@code since} and whose newest ended run is
     * still a failure, most recent failure first. Only jobs that failed lately are looked at, so the
     * cost follows the failures, not the number of jobs.
     */
    @Transactional
    public List<FailingJob> failingJobs(Instant since, int limit) {
        @SuppressWarnings("unchecked")
        List<Number> ids = em().createNativeQuery("""
                SELECT last.id
                FROM (SELECT DISTINCT job_id FROM run WHERE state IN ('FAILED', 'TIMED_OUT') AND finished_at >= ?1) f
                JOIN LATERAL (SELECT * FROM run r WHERE r.job_id = f.job_id AND r.finished_at IS NOT NULL AND r.state <> 'SKIPPED'
                              ORDER BY r.id DESC LIMIT 1) last ON true
                WHERE last.state IN ('FAILED', 'TIMED_OUT')
                ORDER BY last.finished_at DESC LIMIT ?2""")
                .setParameter(1, since).setParameter(2, limit).getResultList();
        if (ids.isEmpty()) {
            return List.of();
        }
        return RunEntity.<RunEntity>find("id in ?1 order by finishedAt desc", ids.stream().map(Number::longValue).toList())
                .list().stream().map(r -> new FailingJob(r.jobName, line(r))).toList();
    }

    /** The run and job of each attempt (an agent's task id is its attempt's id); attempts not found are left out. */
    @Transactional
    public Map<Long, RunLine> runsOfAttempts(Collection<Long> attemptIds) {
        Map<Long, RunLine> out = new HashMap<>();
        if (attemptIds.isEmpty()) {
            return out;
        }
        em().createQuery("select a.id, r from AttemptEntity a, RunEntity r where r.id = a.runId and a.id in ?1", Object[].class)
                .setParameter(1, attemptIds).getResultList()
                .forEach(row -> out.put(((Number) row[0]).longValue(), line((RunEntity) row[1])));
        return out;
    }

    /** Looked up on use, not injected: in the agent role there is no database, and an injected one stops the start. */
    private static EntityManager em() {
        return RunEntity.getEntityManager();
    }

    private static RunLine line(RunEntity r) {
        return new RunLine(r.id, r.jobName, r.state(), r.agentId, r.exitCode, r.reason, r.startedAt, r.finishedAt);
    }
}
