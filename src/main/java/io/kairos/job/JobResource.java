package io.kairos.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.api.ApiException;
import io.kairos.api.Page;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;

@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class JobResource {

    private final JobService jobs;

    JobResource(JobService jobs) {
        this.jobs = jobs;
    }

    @POST
    public Response create(JsonNode body) {
        JobView created = jobs.create(JobJson.parse(body, null));
        return Response.created(URI.create("/api/v1/jobs/" + created.definition().name())).entity(created).build();
    }

    @GET
    public Page<JobView> list(@QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size,
                              @QueryParam("q") String q, @QueryParam("owner") String owner) {
        if (page < 0) {
            throw ApiException.invalid("page", "must be 0 or more");
        }
        if (size < 1 || size > 500) {
            throw ApiException.invalid("size", "must be between 1 and 500");
        }
        return jobs.list(page, size, q, owner);
    }

    @GET
    @Path("{name}")
    public JobView get(@PathParam("name") String name) {
        return jobs.get(name);
    }

    @PUT
    @Path("{name}")
    public JobView update(@PathParam("name") String name, JsonNode body) {
        return jobs.update(JobJson.parse(body, name));
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name, @QueryParam("detachChildren") @DefaultValue("false") boolean detachChildren) {
        jobs.delete(name, detachChildren);
        return Response.noContent().build();
    }
}
