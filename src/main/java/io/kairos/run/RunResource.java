package io.kairos.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.task.LogStream;
import io.kairos.api.ApiException;
import io.kairos.api.JsonFields;
import io.kairos.api.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Set;


@Tag(name = "Runs", description = "Runs and their attempts, logs, kill, rerun, mark-success; the queue; backfill")
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    private final RunService runs;
    private final RunQueries queries;
    private final RunLogs logs;
    private final ObjectMapper json;

    RunResource(RunService runs, RunQueries queries, RunLogs logs, ObjectMapper json) {
        this.runs = runs;
        this.queries = queries;
        this.logs = logs;
        this.json = json;
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A run with its attempts", description = "While PENDING, waitingFor says why it has not started.")
    @APIResponse(responseCode = "404", description = "no such run",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public RunView get(@PathParam("id") long id) {
        return queries.get(id);
    }

    @POST
    @Path("{id}/kill")
    @Operation(summary = "Kill a run",
            description = "A queued run ends at once; a staging or running one is stopped on its agent (SIGTERM, then SIGKILL "
                    + "after kairos.kill-grace).")
    @APIResponse(responseCode = "409", description = "the run already ended",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public RunView kill(@PathParam("id") long id) {
        return runs.kill(id);
    }

    /** Body, optional (a bare POST will do): {@code {"by": "who", "reason": "why"}}, kept in the run's reason. */
    @POST
    @Path("{id}/mark-success")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Mark a failed run SUCCEEDED",
            description = "Optional body {\"by\": \"who\", \"reason\": \"why\"}; dependents are released as if it had succeeded.")
    @APIResponse(responseCode = "409", description = "the run is not FAILED, TIMED_OUT or KILLED",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public RunView markSuccess(@PathParam("id") long id, String text) throws JsonProcessingException {
        JsonNode body = text == null || text.isBlank() ? null : json.readTree(text);
        JsonFields fields = new JsonFields();
        String by = null;
        String why = null;
        if (body != null && body.isObject()) {
            fields.rejectUnknown(body, "", Set.of("by", "reason"), Set.of());
            by = fields.text(body, "/by", 256, true);
            why = fields.text(body, "/reason", 4096, true);
        } else if (body != null && !body.isNull()) {
            fields.error("/", "must be an object like {\"by\": \"alice\", \"reason\": \"loaded by hand\"}");
        }
        fields.throwIfInvalid();
        return runs.markSuccess(id, by == null || by.isBlank() ? "an operator" : by, why);
    }

    /** Runs a finished run's job again with the same parameter values: a new MANUAL run. */
    @POST
    @Path("{id}/rerun")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Run a finished run's job again", description = "A new MANUAL run with the same parameter values.")
    @APIResponse(responseCode = "409", description = "the run has not finished",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public jakarta.ws.rs.core.Response rerun(@PathParam("id") long id) {
        RunView run = runs.rerun(id);
        return jakarta.ws.rs.core.Response.created(java.net.URI.create("/api/v1/runs/" + run.id())).entity(run).build();
    }

    @GET
    @Path("{id}/log")
    @Operation(summary = "A run's output",
            description = "From byte offset of stdout or stderr of the newest attempt (or attempt=k); nextOffset continues, "
                    + "complete says the attempt ended.")
    public RunLogs.LogView log(@PathParam("id") long id, @QueryParam("stream") @DefaultValue("stdout") String stream,
                               @QueryParam("offset") @DefaultValue("0") long offset,
                               @QueryParam("attempt") Integer attempt,
                               @QueryParam("limit") @DefaultValue("1048576") int limit) {
        LogStream s = switch (stream) {
            case "stdout" -> LogStream.STDOUT;
            case "stderr" -> LogStream.STDERR;
            default -> throw ApiException.invalid("stream", "must be stdout or stderr");
        };
        if (offset < 0) {
            throw ApiException.invalid("offset", "must be 0 or more");
        }
        if (limit < 1 || limit > 16 * 1024 * 1024) {
            throw ApiException.invalid("limit", "must be between 1 and 16777216");
        }
        return logs.read(id, attempt, s, offset, limit);
    }
}
