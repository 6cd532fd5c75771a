package io.kairos.dag.service;

import io.kairos.dag.Dot;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The job graph: JSON for programs and the UI, DOT for Graphviz ({@code curl .../graph/dot | dot -Tsvg}). */
@Tag(name = "Dependencies", description = "The job dependency graph")
@Path("/api/v1/graph")
public class GraphResource {

    private final GraphService graphs;

    GraphResource(GraphService graphs) {
        this.graphs = graphs;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The job graph",
            description = "Every job (parents first) with its last run's state, and every edge from parent to child.")
    public GraphService.GraphView graph() {
        return graphs.graph();
    }

    @GET
    @Path("dot")
    @Produces({"text/vnd.graphviz", MediaType.TEXT_PLAIN})
    @Operation(summary = "The job graph as Graphviz DOT", description = "curl .../graph/dot | dot -Tsvg")
    public String dot() {
        GraphService.GraphView g = graphs.graph();
        return Dot.render(g.nodes(), g.edges());
    }
}
