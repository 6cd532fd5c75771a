package io.kairos.run;

import io.kairos.api.ApiException;
import io.kairos.api.Page;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/** A job's runs: its history, and run-now. (A class of its own: JAX-RS matches the longest class path first.) */
@Path("/api/v1/jobs/{name}/runs")
@Produces(MediaType.APPLICATION_JSON)
public class JobRunsResource {

    private final RunService runs;

    JobRunsResource(RunService runs) {
        this.runs = runs;
    }

    @POST
    public Response runNow(@PathParam("name") String name) {
        RunView run = runs.runNow(name);
        return Response.created(URI.create("/api/v1/runs/" + run.id())).entity(run).build();
    }

    @GET
    public Page<RunView> list(@PathParam("name") String name, @QueryParam("page") @DefaultValue("0") int page,
                              @QueryParam("size") @DefaultValue("50") int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw ApiException.invalid(page < 0 ? "page" : "size", page < 0 ? "must be 0 or more" : "must be between 1 and 500");
        }
        return runs.listForJob(name, page, size);
    }

}
