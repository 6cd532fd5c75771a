package io.kairos.dag.service;

import io.kairos.api.ApiException;
import io.kairos.api.FieldError;
import io.kairos.dag.JobGraph;
import io.kairos.job.JobEvents;
import io.kairos.job.JobService;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The edges of the job graph in PostgreSQL ({@code job_parent}), kept in step with the parents in
 * job definitions: it observes {@link JobEvents} inside the transactions that change jobs.
 */
@ApplicationScoped
public class JobDependencies {

    /**
     * Every change that adds edges or looks for children holds this transaction lock, so two edits
     * that are each acyclic cannot close a cycle together, nor a child appear under a job being deleted.
     */
    private static final long GRAPH_LOCK = 0x4b41_4952_4f53_4447L;


    private final JobService jobs;

    JobDependencies(JobService jobs) {
        this.jobs = jobs;
    }

    /** A job was saved: its parents become its edges (refused, rolling the save back, for an unknown parent or a cycle). */
    @Transactional(Transactional.TxType.MANDATORY)
    void onSaved(@Observes JobEvents.Saved e) {
        setParents(e.jobId(), e.name(), e.parents());
    }

    /**
     * A job is being deleted: refused while other jobs depend on it, unless its children are to be detached, which
     * takes it out of each child's parents. First among the observers, so nothing else acts on a refused delete.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void onDeleting(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) JobEvents.Deleting e) {
        List<String> children = lockAndListChildren(e.jobId());
        if (children.isEmpty()) {
            return;
        }
        if (!e.detachChildren()) {
            throw ApiException.conflict("job '" + e.name() + "' is a parent of " + String.join(", ", children)
                    + "; change or delete them first, or DELETE /api/v1/jobs/" + e.name()
                    + "?detachChildren=true to remove it from their parents");
        }
        children.forEach(child -> jobs.removeParent(child, e.name()));
        detachChildren(e.jobId());
    }

    /**
     * Stores {@code parents} as the parents of job {@code jobId}, keeping the trigger state of the
     * edges it keeps. Call after the job's own row is written.
     *
     * @throws ApiException 422 naming {@code /parents/i} for a job that does not exist, or
     *                      {@code /parents} with the cycle spelled out
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void setParents(long jobId, String job, List<String> parents) {
        if (parents.isEmpty()) {
            // a job without parents closes no cycle: no graph lock on the common path
            em().createNativeQuery("DELETE FROM job_parent WHERE child_id = ?1").setParameter(1, jobId).executeUpdate();
            return;
        }
        lockGraph();
        Map<String, Long> ids = idsOf(parents);
        List<FieldError> unknown = new ArrayList<>();
        for (int i = 0; i < parents.size(); i++) {
            if (!ids.containsKey(parents.get(i))) {
                unknown.add(new FieldError("/parents/" + i, "no job named '" + parents.get(i) + "'"));
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiException.invalid(unknown);
        }
        stored().withParents(job, parents).cycleThrough(job).ifPresent(cycle -> {
            throw ApiException.invalid("/parents", "would close a cycle: " + JobGraph.spell(cycle));
        });
        // the edges are locked in the order the trigger rule locks them (DependencyTrigger), so the two cannot deadlock
        em().createNativeQuery("SELECT parent_id FROM job_parent WHERE child_id = ?1 ORDER BY parent_id FOR UPDATE")
                .setParameter(1, jobId).getResultList();
        em().createNativeQuery("DELETE FROM job_parent WHERE child_id = :child AND parent_id NOT IN (:parents)")
                .setParameter("child", jobId).setParameter("parents", ids.values()).executeUpdate();
        for (long parent : ids.values()) {
            em().createNativeQuery("INSERT INTO job_parent (child_id, parent_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                    .setParameter(1, jobId).setParameter(2, parent).executeUpdate();
        }
    }

    /** The names of the jobs that list {@code jobId} as a parent; holds the graph lock until commit. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> lockAndListChildren(long jobId) {
        lockGraph();
        @SuppressWarnings("unchecked")
        List<String> names = em().createNativeQuery(
                        "SELECT c.name FROM job_parent e JOIN job c ON c.id = e.child_id WHERE e.parent_id = ?1 ORDER BY c.name")
                .setParameter(1, jobId).getResultList();
        return names;
    }

    /** The names of the jobs that list {@code jobId} as a parent, for reading (no lock). */
    @Transactional
    public List<String> children(long jobId) {
        @SuppressWarnings("unchecked")
        List<String> names = em().createNativeQuery(
                        "SELECT c.name FROM job_parent e JOIN job c ON c.id = e.child_id WHERE e.parent_id = ?1 ORDER BY c.name")
                .setParameter(1, jobId).getResultList();
        return names;
    }

    /** Removes every edge out of {@code jobId}; the caller rewrites the children's definitions. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void detachChildren(long jobId) {
        em().createNativeQuery("DELETE FROM job_parent WHERE parent_id = ?1").setParameter(1, jobId).executeUpdate();
    }

    /** The stored graph: every job and every edge. */
    @Transactional(Transactional.TxType.MANDATORY)
    public JobGraph stored() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("""
                SELECT c.name, p.name FROM job_parent e JOIN job c ON c.id = e.child_id JOIN job p ON p.id = e.parent_id
                ORDER BY c.name, p.name""").getResultList();
        Map<String, List<String>> parents = new HashMap<>();
        rows.forEach(r -> parents.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add((String) r[1]));
        return JobGraph.of(parents);
    }

    private Map<String, Long> idsOf(List<String> names) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("SELECT name, id FROM job WHERE name IN (:names)")
                .setParameter("names", Set.copyOf(names)).getResultList();
        Map<String, Long> ids = new HashMap<>();
        rows.forEach(r -> ids.put((String) r[0], ((Number) r[1]).longValue()));
        return ids;
    }

    private void lockGraph() {
        em().createNativeQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(?1)) l").setParameter(1, GRAPH_LOCK).getSingleResult();
    }

    /** Looked up per use: the agent role runs without a persistence unit, where a bean holding one cannot start. */
    private static EntityManager em() {
        return Panache.getEntityManager();
    }
}
