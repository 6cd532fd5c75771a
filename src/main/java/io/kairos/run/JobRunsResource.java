package io.kairos.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.api.JsonFields;
import io.kairos.api.Page;
import io.kairos.api.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.Set;

/** A job's runs: its history, and run-now. (A class of its own: JAX-RS matches the longest class path first.) */
@Tag(name = "Runs", description = "Runs and their attempts, logs, kill, rerun, mark-success; the queue; backfill")
@Path("/api/v1/jobs/{name}/runs")
@Produces(MediaType.APPLICATION_JSON)
public class JobRunsResource {

    private final RunService runs;
    private final RunQueries queries;
    private final ObjectMapper json;

    JobRunsResource(RunService runs, RunQueries queries, ObjectMapper json) {
        this.runs = runs;
        this.queries = queries;
        this.json = json;
    }

    /** Body, optional: {@code {"params": {"date": "2024-01-31"}, "extraArgs": ["--verbose"]}}. */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Run a job now",
            description = "A MANUAL run, queued at once. Optional body {\"params\": {...}} gives values to the job's parameters.")
    @APIResponse(responseCode = "404", description = "no such job",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "a parameter value is invalid",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Response runNow(@PathParam("name") String name, String text) throws JsonProcessingException {
        JsonNode body = text == null || text.isBlank() ? null : json.readTree(text);
        JsonFields fields = new JsonFields();
        if (body != null && body.isObject()) {
            fields.rejectUnknown(body, "", Set.of("params", "extraArgs"), Set.of());
        } else if (body != null && !body.isNull()) {
            fields.error("/", "must be an object like {\"params\": {\"date\": \"2024-01-31\"}}");
        }
        List<String> extra = body != null && body.isObject() ? fields.stringList(body.get("extraArgs"), "/extraArgs") : null;
        fields.throwIfInvalid();
        RunView run = runs.runNow(name, body == null ? null : body.get("params"), extra == null ? List.of() : extra);
        return Response.created(URI.create("/api/v1/runs/" + run.id())).entity(run).build();
    }

    @GET
    @Operation(summary = "A job's runs", description = "Newest first, a page at a time.")
    @APIResponse(responseCode = "404", description = "no such job",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Page<RunView> list(@PathParam("name") String name, @QueryParam("page") String page, @QueryParam("size") String size) {
        io.kairos.api.PageRequest p = io.kairos.api.PageRequest.of(page, size, 50, 500);
        return queries.listForJob(name, p.page(), p.size());
    }

}
