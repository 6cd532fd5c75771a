package io.kairos.job;

import io.kairos.api.Page;
import io.kairos.api.SqlValues;
import io.kairos.schedule.ScheduleSpec;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The jobs page's query: one SQL statement for the page, one for the total, one for the recent-run
 * strips of the page's jobs. Built for 100,000 jobs and millions of runs: the last run comes from
 * job_last_run (kept by triggers), the strips from the run_job_newest index, a few rows per job.
 */
@ApplicationScoped
public class JobSummaries {

    /** How many of each job's newest runs the strip shows. */
    public static final int STRIP = 12;

    private static final String FROM = " FROM job j LEFT JOIN job_last_run l ON l.job_id = j.id";


    @Transactional
    public Page<JobSummary> search(JobQuery query) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(query, params);
        // job_last_run only where the filter or the sort needs it
        String from = query.lastState() != null || query.sort() == JobQuery.Sort.LAST_RUN ? FROM : " FROM job j";
        long total = count(from, where, params);
        long offset = (long) query.page() * query.size();
        if (offset >= total) {
            return new Page<>(List.of(), query.page(), query.size(), total);
        }
        // A page past the middle is read from the other end: the last page costs what the first does.
        // (Counting a search's matches in the same scan, with count(*) OVER (), measured slower: the
        // page alone can stop after 50 matches in name order, the count is one sequential scan.)
        boolean fromEnd = offset > total / 2;
        long skip = fromEnd ? Math.max(0, total - offset - query.size()) : offset;
        long take = fromEnd ? Math.min(query.size(), total - offset) : query.size();
        // the page's ids first (narrow rows), then their columns: skipped rows are never read whole
        String ids = "SELECT j.id" + from + where + orderBy(query, fromEnd) + " LIMIT " + take + " OFFSET " + skip;
        String sql = "SELECT j.id, j.name, j.owner, j.command, j.enabled, j.schedule_cron, j.schedule_iso8601, j.schedule_timezone,"
                + " j.next_fire_at, l.run_id, l.state, l.scheduled_at FROM (" + ids + ") p JOIN job j ON j.id = p.id"
                + " LEFT JOIN job_last_run l ON l.job_id = j.id" + orderBy(query, false);
        List<Object[]> rows = rows(bind(em().createNativeQuery(sql), params));
        Map<Long, List<JobSummary.RecentRun>> strips = strips(rows.stream().map(r -> ((Number) r[0]).longValue()).toList());
        List<JobSummary> items = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            long id = ((Number) r[0]).longValue();
            ScheduleSpec schedule = r[5] == null && r[6] == null ? null : new ScheduleSpec((String) r[5], (String) r[6], (String) r[7]);
            items.add(new JobSummary(id, (String) r[1], (String) r[2], (String) r[3], (Boolean) r[4], schedule, SqlValues.instant(r[8]),
                    r[9] == null ? null : ((Number) r[9]).longValue(), (String) r[10], SqlValues.instant(r[11]),
                    strips.getOrDefault(id, List.of())));
        }
        return new Page<>(items, query.page(), query.size(), total);
    }

    private static String where(JobQuery query, Map<String, Object> params) {
        StringBuilder w = new StringBuilder(" WHERE true");
        if (query.q() != null) {
            w.append(" AND (lower(j.name) LIKE :q OR lower(coalesce(j.owner, '')) LIKE :q OR lower(coalesce(j.command, '')) LIKE :q)");
            params.put("q", "%" + query.q().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (query.enabled() != null) {
            w.append(" AND j.enabled = :enabled");
            params.put("enabled", query.enabled());
        }
        if (JobQuery.NEVER.equals(query.lastState())) {
            w.append(" AND l.job_id IS NULL");
        } else if (query.lastState() != null) {
            w.append(" AND l.state = :state");
            params.put("state", query.lastState());
        }
        return w.toString();
    }

    /**
     * The page's order, or its exact reverse ({@code reversed}). Nulls (never fires, never ran) go
     * last either way; the name, unique, breaks ties so pages neither overlap nor skip a job.
     */
    private static String orderBy(JobQuery query, boolean reversed) {
        boolean desc = query.descending() != reversed;
        String dir = desc ? " DESC" : " ASC";
        String nulls = reversed ? " NULLS FIRST" : " NULLS LAST";
        return switch (query.sort()) {
            case NAME -> " ORDER BY j.name" + dir;
            case OWNER -> " ORDER BY j.owner" + dir + nulls + ", j.name" + dir;
            case NEXT_FIRE -> " ORDER BY j.next_fire_at" + dir + nulls + ", j.name" + dir;
            case LAST_RUN -> " ORDER BY l.run_id" + dir + nulls + ", j.name" + dir;
        };
    }

    private long count(String from, String where, Map<String, Object> params) {
        return ((Number) bind(em().createNativeQuery("SELECT count(*)" + from + where), params).getSingleResult()).longValue();
    }

    /** Each job's newest runs: one index range scan of run_job_newest per job of the page. */
    private Map<Long, List<JobSummary.RecentRun>> strips(List<Long> jobIds) {
        Map<Long, List<JobSummary.RecentRun>> out = new HashMap<>();
        if (jobIds.isEmpty()) {
            return out;
        }
        List<Object[]> rows = rows(em().createNativeQuery("SELECT j.id, r.id AS run_id, r.state FROM unnest(cast(:ids AS bigint[])) AS j(id)"
                + " CROSS JOIN LATERAL (SELECT id, state FROM run WHERE run.job_id = j.id ORDER BY id DESC LIMIT " + STRIP + ") r")
                .setParameter("ids", jobIds.toArray(new Long[0])));
        for (Object[] r : rows) {
            out.computeIfAbsent(((Number) r[0]).longValue(), k -> new ArrayList<>())
                    .add(new JobSummary.RecentRun(((Number) r[1]).longValue(), (String) r[2]));
        }
        out.values().forEach(java.util.Collections::reverse);
        return out;
    }

    private static Query bind(Query q, Map<String, Object> params) {
        params.forEach(q::setParameter);
        return q;
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(Query q) {
        return q.getResultList();
    }

    /** Looked up on use: in the agent role the persistence unit is inactive, and only a lookup may refer to it. */
    private static EntityManager em() {
        return Panache.getEntityManager();
    }
}
