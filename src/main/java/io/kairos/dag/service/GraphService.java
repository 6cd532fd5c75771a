package io.kairos.dag.service;

import io.kairos.dag.Dot;
import io.kairos.dag.Excerpt;
import io.kairos.dag.JobGraph;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The whole job graph with each job's latest run state, for the API and Graphviz. */
@ApplicationScoped
public class GraphService {

    private final JobDependencies dependencies;

    GraphService(JobDependencies dependencies) {
        this.dependencies = dependencies;
    }

    /** Nodes in topological order (parents first), edges from parent to child. */
    @Schema(description = "The job graph: nodes parents first, each with its last run state; edges from parent to child.")
    public record GraphView(List<Dot.Node> nodes, List<JobGraph.Edge> edges) {
    }

    @Transactional
    public GraphView graph() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery(NODES).getResultList();
        Map<String, Dot.Node> nodes = new HashMap<>();
        for (Object[] r : rows) {
            nodes.put((String) r[0], node(r));
        }
        JobGraph graph = dependencies.stored().withJobs(nodes.keySet());
        return new GraphView(graph.topologicalOrder().stream().map(nodes::get).filter(Objects::nonNull).toList(), graph.edges());
    }

    /**
     * Part of the graph small enough to draw: around {@code job} (its connected component), or with no job the
     * jobs that have dependencies, at most {@code cap} of them. {@code jobsWithDependencies}: how many jobs
     * have a parent or a child in all; {@code capped}: jobs were left out.
     */
    public record Excerpted(GraphView graph, int jobsWithDependencies, boolean capped) {
    }

    @Transactional
    public Excerpted excerpt(String job, int cap) {
        JobGraph stored = dependencies.stored();
        Set<String> linked = new java.util.HashSet<>();
        stored.edges().forEach(e -> {
            linked.add(e.from());
            linked.add(e.to());
        });
        Excerpt.Selection chosen = job == null ? Excerpt.whole(stored, cap) : Excerpt.around(stored, job, cap);
        Map<String, Dot.Node> nodes = new HashMap<>();
        if (!chosen.jobs().isEmpty()) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em().createNativeQuery(NODES + " WHERE j.name IN (:names)")
                    .setParameter("names", chosen.jobs()).getResultList();
            rows.forEach(r -> nodes.put((String) r[0], node(r)));
        }
        Map<String, List<String>> parents = new HashMap<>();
        stored.edges().stream().filter(e -> nodes.containsKey(e.from()) && nodes.containsKey(e.to()))
                .forEach(e -> parents.computeIfAbsent(e.to(), k -> new java.util.ArrayList<>()).add(e.from()));
        JobGraph part = JobGraph.of(nodes.keySet(), parents);
        GraphView view = new GraphView(part.topologicalOrder().stream().map(nodes::get).filter(Objects::nonNull).toList(), part.edges());
        return new Excerpted(view, linked.size(), chosen.capped());
    }

    private static final String NODES = """
            SELECT j.name, last.state, j.schedule_cron, j.schedule_iso8601, j.schedule_timezone, j.enabled,
                   coalesce((j.definition ->> 'softError')::boolean, false)
            FROM job j LEFT JOIN LATERAL (SELECT state FROM run WHERE job_id = j.id ORDER BY id DESC LIMIT 1) last ON true""";

    private static Dot.Node node(Object[] r) {
        return new Dot.Node((String) r[0], (String) r[1], schedule((String) r[2], (String) r[3], (String) r[4]),
                (Boolean) r[5], (Boolean) r[6]);
    }

    private static String schedule(String cron, String iso8601, String zone) {
        if (cron != null) {
            return "cron " + cron + ("UTC".equals(zone) ? "" : " " + zone);
        }
        return iso8601 == null ? null : iso8601 + ("UTC".equals(zone) ? "" : " " + zone);
    }

    /** Looked up per use: the agent role runs without a persistence unit, where a bean holding one cannot start. */
    private static EntityManager em() {
        return Panache.getEntityManager();
    }
}
