package io.kairos.run;

import io.kairos.api.ApiException;
import io.kairos.api.Page;
import io.kairos.job.JobEntity;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reading runs: one with its attempts and the parent runs that triggered it, or a job's runs, newest first. */
@ApplicationScoped
public class RunQueries {

    private final Clock clock;

    RunQueries(Clock clock) {
        this.clock = clock;
    }

    @Transactional
    public RunView get(long id) {
        RunEntity r = RunEntity.findById(id);
        if (r == null) {
            throw ApiException.notFound("no run with id " + id);
        }
        List<RunView.AttemptView> attempts = AttemptEntity.<AttemptEntity>find("runId", Sort.by("number"), id).stream()
                .map(RunView.AttemptView::of).toList();
        return RunView.of(r, attempts, clock.instant()).withTriggeredBy(triggeredBy(List.of(id)).getOrDefault(id, List.of()));
    }

    /** The parent runs that triggered each of {@code runIds} (only DEPENDENCY runs have any). */
    private Map<Long, List<RunView.TriggeredBy>> triggeredBy(List<Long> runIds) {
        Map<Long, List<RunView.TriggeredBy>> out = new HashMap<>();
        if (runIds.isEmpty()) {
            return out;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("SELECT child_run_id, parent_run_id, parent_job FROM run_trigger"
                        + " WHERE child_run_id IN (:ids) ORDER BY child_run_id, parent_job")
                .setParameter("ids", runIds).getResultList();
        rows.forEach(row -> out.computeIfAbsent(((Number) row[0]).longValue(), k -> new ArrayList<>())
                .add(new RunView.TriggeredBy(((Number) row[1]).longValue(), (String) row[2])));
        return out;
    }

    @Transactional
    public Page<RunView> listForJob(String jobName, int page, int size) {
        JobEntity job = JobEntity.<JobEntity>find("name", jobName).firstResultOptional()
                .orElseThrow(() -> ApiException.notFound("no job named '" + jobName + "'"));
        var q = RunEntity.<RunEntity>find("jobId", Sort.by("id").descending(), job.id);
        Instant now = clock.instant();
        List<RunEntity> rows = q.page(page, size).list();
        Map<Long, List<RunView.TriggeredBy>> triggers = triggeredBy(rows.stream().map(r -> r.id).toList());
        return new Page<>(rows.stream().map(r -> RunView.of(r, null, now).withTriggeredBy(triggers.getOrDefault(r.id, List.of())))
                .toList(), page, size, q.count());
    }

    /** Looked up per use: the agent role runs without a persistence unit, where a bean holding one cannot start. */
    private static EntityManager em() {
        return Panache.getEntityManager();
    }
}
