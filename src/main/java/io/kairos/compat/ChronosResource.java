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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

/**
 * Chronos' REST API under its 3.x prefix ({@code /v1/scheduler}), and under its 2.x one ({@code /scheduler},
 * {@link Chronos2Resource}), so Chronos clients and scripts of either keep working. Thin: the translation is
 * {@link ChronosJobJson}, the work the Kairos services'.
 */
@Tag(name = "Chronos v1", description = "Chronos-compatible API: Chronos job JSON mapped onto Kairos jobs")
@Path("/v1/scheduler")
@Produces(MediaType.APPLICATION_JSON)
public class ChronosResource {

    /** Response header listing, one value each, what of a Chronos job was accepted but has no effect. */
    public static final String WARNINGS = "Warnings";

    private final ChronosService chronos;
    private final GraphService graphs;

    private final io.kairos.cluster.Leadership leadership;
    private final ChronosStats stats;

    ChronosResource(ChronosService chronos, GraphService graphs, io.kairos.cluster.Leadership leadership, ChronosStats stats) {
        this.chronos = chronos;
        this.graphs = graphs;
        this.leadership = leadership;
        this.stats = stats;
    }

    @POST
    @Path("iso8601")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Create or replace a scheduled Chronos job",
            description = "Chronos job JSON with schedule R/start/period; unsupported fields are named in a Warnings header.")
    public Response scheduled(JsonNode body) {
        return saved(chronos.upsert(body, "iso8601"));
    }

    @POST
    @Path("dependency")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Create or replace a dependent Chronos job", description = "Chronos job JSON with parents.")
    public Response dependent(JsonNode body) {
        return saved(chronos.upsert(body, "dependency"));
    }

    /** Chronos answers PUT as POST here (its clients' "update"): a job is created or replaced by name either way. */
    @PUT
    @Path("iso8601")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Create or replace a scheduled Chronos job (PUT, as chronos-python's update sends it)")
    public Response scheduledPut(JsonNode body) {
        return scheduled(body);
    }

    @PUT
    @Path("dependency")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Create or replace a dependent Chronos job (PUT, as chronos-python's update sends it)")
    public Response dependentPut(JsonNode body) {
        return dependent(body);
    }

    private static Response saved(List<String> warnings) {
        Response.ResponseBuilder r = Response.noContent();
        warnings.forEach(w -> r.header(WARNINGS, w));
        return r.build();
    }

    @GET
    @Path("jobs")
    @Operation(summary = "All jobs as Chronos job JSON",
            description = "Counters and last success/error come from the durable run history.")
    public List<ObjectNode> jobs() {
        return chronos.list();
    }

    @GET
    @Path("jobs/summary")
    @Operation(summary = "Jobs summary, Chronos style")
    public Map<String, List<ObjectNode>> summary() {
        return Map.of("jobs", chronos.summary());
    }

    @GET
    @Path("jobs/search")
    @Operation(summary = "Search jobs, Chronos style", description = "By name, command or any.")
    public List<ObjectNode> search(@QueryParam("name") String name, @QueryParam("command") String command, @QueryParam("any") String any) {
        return chronos.search(name, command, any);
    }

    @GET
    @Path("job/{name}")
    @Operation(summary = "A job as Chronos job JSON")
    public ObjectNode job(@PathParam("name") String name) {
        return ChronosService.asChronos(() -> chronos.get(name));
    }

    /** Run now; {@code arguments} are appended to the argv of a job with {@code shell: false}. */
    @PUT
    @Path("job/{name}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Run a job now, Chronos style")
    public Response run(@PathParam("name") String name, @QueryParam("arguments") String arguments) {
        Response.ResponseBuilder r = Response.noContent();
        ChronosService.asChronos(() -> chronos.runNow(name, arguments)).forEach(w -> r.header(WARNINGS, w));
        return r.build();
    }

    @DELETE
    @Path("job/{name}")
    @Operation(summary = "Delete a job, Chronos style")
    public Response delete(@PathParam("name") String name) {
        ChronosService.asChronos(() -> {
            chronos.delete(name);
            return null;
        });
        return Response.noContent().build();
    }

    @DELETE
    @Path("task/kill/{name}")
    @Operation(summary = "Kill a job's queued and running runs, Chronos style")
    public Response kill(@PathParam("name") String name) {
        ChronosService.asChronos(() -> {
            chronos.killRuns(name);
            return null;
        });
        return Response.noContent().build();
    }

    @GET
    @Path("graph/dot")
    @Produces({"text/vnd.graphviz", MediaType.TEXT_PLAIN})
    @Operation(summary = "The job graph as DOT, Chronos style")
    public String dot() {
        GraphService.GraphView g = graphs.graph();
        return Dot.render(g.nodes(), g.edges());
    }

    @GET
    @Path("graph/csv")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "The job graph as Chronos' CSV", description = "node,<job>,<last outcome>,<state> and link,<parent>,<child>.")
    public String csv() {
        return stats.graphCsv();
    }

    @GET
    @Path("job/stat/{name}")
    @Operation(summary = "A job's run-time histogram (milliseconds) and latest tasks, Chronos style")
    public ObjectNode jobStat(@PathParam("name") String name) {
        ChronosService.asChronos(() -> chronos.get(name)); // a missing job answers as get does
        return stats.jobStat(name);
    }

    @GET
    @Path("stats/{percentile}")
    @Operation(summary = "Every job by one percentile of its run time (seconds), slowest first, Chronos style",
            description = "99thPercentile, 98thPercentile, 95thPercentile, 75thPercentile, median or mean.")
    public List<ObjectNode> perJob(@PathParam("percentile") String percentile) {
        if (!ChronosStats.known(percentile)) {
            throw ApiException.notFound("no statistic '" + percentile + "': 99thPercentile, 98thPercentile, 95thPercentile,"
                    + " 75thPercentile, median or mean");
        }
        return stats.perJob(percentile);
    }

    /** Every Kairos scheduler serves the API (the active one fires); the answer is the one asked. */
    @GET
    @Path("leader")
    @Operation(summary = "The leader, Chronos style")
    public Map<String, String> leader(@Context UriInfo uri) {
        // clustered: the elected scheduler; alone: this one
        java.net.URI leader = leadership.leaderUrl().map(java.net.URI::create).orElse(uri.getBaseUri());
        return Map.of("leader", leader.getHost() + ":" + leader.getPort());
    }
}
