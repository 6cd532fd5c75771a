package io.kairos.run;

import io.kairos.agent.LogStream;
import io.kairos.api.ApiException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;


@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    private final RunService runs;
    private final RunLogs logs;

    RunResource(RunService runs, RunLogs logs) {
        this.runs = runs;
        this.logs = logs;
    }

    @GET
    @Path("{id}")
    public RunView get(@PathParam("id") long id) {
        return runs.get(id);
    }

    @POST
    @Path("{id}/kill")
    public RunView kill(@PathParam("id") long id) {
        return runs.kill(id);
    }

    @GET
    @Path("{id}/log")
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
