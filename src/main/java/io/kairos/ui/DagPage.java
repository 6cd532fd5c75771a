package io.kairos.ui;

import io.kairos.dag.Dot;
import io.kairos.dag.Layout;
import io.kairos.dag.service.GraphService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dependency graph, drawn on the server as SVG (layered left to right, see {@link Layout}): no
 * graph library in the browser, and the drawing refreshes like any other fragment.
 */
@Path("/dag")
@Produces(MediaType.TEXT_HTML)
public class DagPage {

    /** More boxes than this are unreadable on a screen; the page then asks for a job to centre on. */
    static final int CAP = 150;

    private final GraphService graphs;

    DagPage(GraphService graphs) {
        this.graphs = graphs;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dag(Graph graph);

        static native TemplateInstance dag$graph(Graph graph);
    }

    /** A job's box: {@code state} is its last run's state or NEVER; {@code label} the name cut to fit. */
    public record Node(String name, String href, String state, String label, String detail, boolean enabled, int x, int y) {
    }

    public record Edge(String from, String to, String path) {
    }

    /**
     * What the page draws; {@code focus} is the job asked for (null for the whole graph), {@code missing}
     * true when it does not exist.
     */
    public record Graph(String focus, boolean missing, int width, int height, List<Node> nodes, List<Edge> edges,
                       int jobsWithDependencies, boolean capped, int cap, String refresh) {
    }

    @GET
    public TemplateInstance dag(@QueryParam("job") String job) {
        return Templates.dag(graph(job));
    }

    /** The drawing alone, polled by the page. */
    @GET
    @Path("graph")
    public TemplateInstance fragment(@QueryParam("job") String job) {
        return Templates.dag$graph(graph(job));
    }

    private Graph graph(String job) {
        String focus = job == null || job.isBlank() ? null : job.trim();
        GraphService.Excerpted e = graphs.excerpt(focus, CAP);
        Map<String, Dot.Node> byName = new HashMap<>();
        e.graph().nodes().forEach(n -> byName.put(n.name(), n));
        Layout.Drawing d = Layout.of(e.graph().nodes().stream().map(Dot.Node::name).toList(), e.graph().edges());
        List<Node> nodes = d.boxes().stream().map(b -> {
            Dot.Node n = byName.get(b.name());
            String state = n.lastState() == null ? "NEVER" : n.lastState();
            String detail = n.schedule() != null ? n.schedule() : n.lastState() == null ? "never ran" : state.toLowerCase().replace('_', ' ');
            return new Node(n.name(), Links.job(n.name()), state, cut(n.name(), 24), cut(detail, 28), n.enabled(), b.x(), b.y());
        }).toList();
        List<Edge> edges = d.lines().stream().map(l -> new Edge(l.from(), l.to(), l.path())).toList();
        String refresh = "/dag/graph" + (focus == null ? "" : "?job=" + Links.encode(focus));
        return new Graph(focus, focus != null && nodes.isEmpty(), d.width(), d.height(), nodes, edges, e.jobsWithDependencies(),
                e.capped(), CAP, refresh);
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
