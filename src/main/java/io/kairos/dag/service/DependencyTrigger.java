package io.kairos.dag.service;

import io.kairos.dag.Generation;
import io.kairos.job.JobEntity;
import io.kairos.run.NewRuns;
import io.kairos.run.RunEntity;
import io.kairos.run.RunEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Evaluates the trigger rule ({@link Generation}) of a run's children when the run ends, inside the
 * transaction that ends it. Each child's generation lives in its {@code job_parent} rows, which are
 * locked (by parent id, always in that order) for the evaluation, so parents ending at the same
 * moment are applied one after the other and the last one sees the others' releases.
 */
@ApplicationScoped
public class DependencyTrigger {

    private static final Logger LOG = Logger.getLogger(DependencyTrigger.class);

    private final Clock clock;
    private final Event<RunEvents.RunsQueued> queued;

    DependencyTrigger(Clock clock, Event<RunEvents.RunsQueued> queued) {
        this.clock = clock;
        this.queued = queued;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void onRunEnded(@Observes RunEvents.RunEnded ended) {
        List<Long> children = childrenOf(ended.jobId());
        if (children.isEmpty() || !releases(ended)) {
            return;
        }
        RunEntity run = RunEntity.findById(ended.runId());
        Generation.ParentRun released = new Generation.ParentRun(run.jobId, run.id, run.scheduledAt);
        int triggered = 0;
        for (long child : children) {
            if (release(child, released)) {
                triggered++;
            }
        }
        if (triggered > 0) {
            queued.fire(new RunEvents.RunsQueued(triggered));
        }
    }

    /**
     * SUCCEEDED releases a child; so do FAILED and TIMED_OUT when the parent has {@code softError}
     * (there are no retries yet, so such an ending is final). A kill or a skip never does.
     */
    private boolean releases(RunEvents.RunEnded e) {
        return switch (e.state()) {
            case SUCCEEDED -> true;
            case FAILED, TIMED_OUT -> softError(e.jobId());
            default -> false;
        };
    }

    /** @return whether the child was triggered */
    private boolean release(long childId, Generation.ParentRun run) {
        @SuppressWarnings("unchecked")
        List<Object[]> edges = em().createNativeQuery(
                        "SELECT parent_id, ready_run_id FROM job_parent WHERE child_id = ?1 ORDER BY parent_id FOR UPDATE")
                .setParameter(1, childId).getResultList();
        if (alreadyTriggered(childId, run.runId())) {
            // marked SUCCEEDED after it had released this child with softError: that generation ran
            return false;
        }
        List<Long> parents = new ArrayList<>();
        Map<Long, Generation.ParentRun> released = new HashMap<>();
        for (Object[] e : edges) {
            long parent = ((Number) e[0]).longValue();
            parents.add(parent);
            if (e[1] != null) {
                RunEntity r = RunEntity.findById(((Number) e[1]).longValue());
                released.put(parent, new Generation.ParentRun(parent, r.id, r.scheduledAt));
            }
        }
        if (!parents.contains(run.parentJobId())) {
            return false; // the child dropped this parent since the children were listed
        }
        Generation.Step step = new Generation(parents, released).release(run);
        if (step.trigger().isEmpty()) {
            em().createNativeQuery("UPDATE job_parent SET ready_run_id = ?1 WHERE child_id = ?2 AND parent_id = ?3")
                    .setParameter(1, run.runId()).setParameter(2, childId).setParameter(3, run.parentJobId()).executeUpdate();
            return false;
        }
        em().createNativeQuery("UPDATE job_parent SET ready_run_id = NULL WHERE child_id = ?1").setParameter(1, childId).executeUpdate();
        JobEntity child = JobEntity.findById(childId);
        if (!child.enabled) {
            // like a schedule's slots, a disabled job's generations pass without a run
            LOG.infof("job %s is disabled: not triggered by runs %s", child.name, runIds(step.trigger().get()));
            return false;
        }
        insertRun(child, step.trigger().get());
        return true;
    }

    private void insertRun(JobEntity child, Generation.Trigger trigger) {
        RunEntity r = NewRuns.queued(child.id, child.name, "DEPENDENCY", trigger.logicalTime(), "triggered by runs " + runIds(trigger),
                clock.instant());
        r.persist();
        // the unique (child_job_id, parent_run_id) key makes a second trigger by the same runs fail the transaction
        em().createNativeQuery("""
                        INSERT INTO run_trigger (child_run_id, child_job_id, parent_run_id, parent_job)
                        SELECT :run, :job, id, job_name FROM run WHERE id IN (:parents)""")
                .setParameter("run", r.id).setParameter("job", child.id)
                .setParameter("parents", trigger.runs().stream().map(Generation.ParentRun::runId).toList())
                .executeUpdate();
    }

    private static String runIds(Generation.Trigger t) {
        return t.runs().stream().map(p -> Long.toString(p.runId())).collect(Collectors.joining(", "));
    }

    private boolean alreadyTriggered(long childId, long parentRunId) {
        return !em().createNativeQuery("SELECT 1 FROM run_trigger WHERE child_job_id = ?1 AND parent_run_id = ?2")
                .setParameter(1, childId).setParameter(2, parentRunId).getResultList().isEmpty();
    }

    @SuppressWarnings("unchecked")
    private List<Long> childrenOf(long jobId) {
        List<Number> ids = em().createNativeQuery("SELECT child_id FROM job_parent WHERE parent_id = ?1 ORDER BY child_id")
                .setParameter(1, jobId).getResultList();
        return ids.stream().map(Number::longValue).toList();
    }

    private boolean softError(long jobId) {
        Object soft = em().createNativeQuery("SELECT coalesce((definition ->> 'softError')::boolean, false) FROM job WHERE id = ?1")
                .setParameter(1, jobId).getResultList().stream().findFirst().orElse(false);
        return Boolean.TRUE.equals(soft);
    }

    /** Looked up per use: the agent role runs without a persistence unit, where a bean holding one cannot start. */
    private static EntityManager em() {
        return Panache.getEntityManager();
    }
}
