package io.kairos.dag.service;

import io.kairos.dag.Dot;
import io.kairos.dag.JobGraph;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The whole job graph with each job's latest run state, for the API and Graphviz. */
@ApplicationScoped
public class GraphService {

    private final JobDependencies dependencies;

    GraphService(JobDependencies dependencies) {
        this.dependencies = dependencies;
    }

    /** Nodes in topological order (parents first), edges from parent to child. */
    public record GraphView(List<Dot.Node> nodes, List<JobGraph.Edge> edges) {
    }

    @Transactional
    public GraphView graph() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("""
                SELECT j.name, last.state, j.schedule_cron, j.schedule_iso8601, j.schedule_timezone, j.enabled,
                       coalesce((j.definition ->> 'softError')::boolean, false)
                FROM job j LEFT JOIN LATERAL (SELECT state FROM run WHERE job_id = j.id ORDER BY id DESC LIMIT 1) last ON true
                """).getResultList();
        Map<String, Dot.Node> nodes = new HashMap<>();
        for (Object[] r : rows) {
            String name = (String) r[0];
            nodes.put(name, new Dot.Node(name, (String) r[1], schedule((String) r[2], (String) r[3], (String) r[4]),
                    (Boolean) r[5], (Boolean) r[6]));
        }
        JobGraph graph = dependencies.stored().withJobs(nodes.keySet());
        return new GraphView(graph.topologicalOrder().stream().map(nodes::get).filter(Objects::nonNull).toList(), graph.edges());
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
