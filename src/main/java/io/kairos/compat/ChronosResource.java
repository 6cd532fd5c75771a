package io.kairos.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.api.ApiException;
import io.kairos.dag.Dot;
import io.kairos.dag.service.GraphService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;
import java.util.Map;

/**
 * Chronos' v1 REST API ({@code /v1/scheduler}), so Chronos clients and scripts keep working. Thin:
 * the translation is {@link ChronosJobJson}, the work the Kairos services'.
 */
@Path("/v1/scheduler")
@Produces(MediaType.APPLICATION_JSON)
public class ChronosResource {

    /** Response header listing, one value each, what of a Chronos job was accepted but has no effect. */
    public static final String WARNINGS = "Warnings";

    private final ChronosService chronos;
    private final GraphService graphs;

    private final io.kairos.cluster.Leadership leadership;

    ChronosResource(ChronosService chronos, GraphService graphs, io.kairos.cluster.Leadership leadership) {
        this.chronos = chronos;
        this.graphs = graphs;
        this.leadership = leadership;
    }

    @POST
    @Path("iso8601")
    @Consumes(MediaType.WILDCARD)
    public Response scheduled(JsonNode body) {
        return saved(chronos.upsert(body, "iso8601"));
    }

    @POST
    @Path("dependency")
    @Consumes(MediaType.WILDCARD)
    public Response dependent(JsonNode body) {
        return saved(chronos.upsert(body, "dependency"));
    }

    private static Response saved(List<String> warnings) {
        Response.ResponseBuilder r = Response.noContent();
        warnings.forEach(w -> r.header(WARNINGS, w));
        return r.build();
    }

    @GET
    @Path("jobs")
    public List<ObjectNode> jobs() {
        return chronos.list();
    }

    @GET
    @Path("jobs/summary")
    public Map<String, List<ObjectNode>> summary() {
        return Map.of("jobs", chronos.summary());
    }

    @GET
    @Path("jobs/search")
    public List<ObjectNode> search(@QueryParam("name") String name, @QueryParam("command") String command, @QueryParam("any") String any) {
        return chronos.search(name, command, any);
    }

    @GET
    @Path("job/{name}")
    public ObjectNode job(@PathParam("name") String name) {
        return chronos.get(name);
    }

    /** Run now; {@code arguments} are appended to the argv of a job with {@code shell: false}. */
    @PUT
    @Path("job/{name}")
    @Consumes(MediaType.WILDCARD)
    public Response run(@PathParam("name") String name, @QueryParam("arguments") String arguments) {
        Response.ResponseBuilder r = Response.noContent();
        chronos.runNow(name, arguments).forEach(w -> r.header(WARNINGS, w));
        return r.build();
    }

    @DELETE
    @Path("job/{name}")
    public Response delete(@PathParam("name") String name) {
        chronos.delete(name);
        return Response.noContent().build();
    }

    @DELETE
    @Path("task/kill/{name}")
    public Response kill(@PathParam("name") String name) {
        chronos.killRuns(name);
        return Response.noContent().build();
    }

    @GET
    @Path("graph/dot")
    @Produces({"text/vnd.graphviz", MediaType.TEXT_PLAIN})
    public String dot() {
        GraphService.GraphView g = graphs.graph();
        return Dot.render(g.nodes(), g.edges());
    }

    /** Every Kairos scheduler serves the API (the active one fires); the answer is the one asked. */
    @GET
    @Path("leader")
    public Map<String, String> leader(@Context UriInfo uri) {
        // clustered: the elected scheduler; alone: this one
        java.net.URI leader = leadership.leaderUrl().map(java.net.URI::create).orElse(uri.getBaseUri());
        return Map.of("leader", leader.getHost() + ":" + leader.getPort());
    }
}
