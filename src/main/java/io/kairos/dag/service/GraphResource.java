package io.kairos.dag.service;

import io.kairos.dag.Dot;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The job graph: JSON for programs and the UI, DOT for Graphviz ({@code curl .../graph/dot | dot -Tsvg}). */
@Path("/api/v1/graph")
public class GraphResource {

    private final GraphService graphs;

    GraphResource(GraphService graphs) {
        this.graphs = graphs;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public GraphService.GraphView graph() {
        return graphs.graph();
    }

    @GET
    @Path("dot")
    @Produces({"text/vnd.graphviz", MediaType.TEXT_PLAIN})
    public String dot() {
        GraphService.GraphView g = graphs.graph();
        return Dot.render(g.nodes(), g.edges());
    }
}
