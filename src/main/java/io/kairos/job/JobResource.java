package io.kairos.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.api.IfMatch;
import io.kairos.api.Page;
import io.kairos.api.PageRequest;
import io.kairos.api.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;

@Tag(name = "Jobs", description = "Job definitions: schedule, command or container, resources, policies, parents")
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class JobResource {

    private final JobService jobs;

    JobResource(JobService jobs) {
        this.jobs = jobs;
    }

    @POST
    @Operation(summary = "Create a job",
            description = "The body is the whole definition; defaults are filled in and returned. 409 if the name exists.")
    @RequestBody(description = "the job definition",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobDefinition.class)))
    @APIResponse(responseCode = "422", description = "invalid input; every bad field is named in errors",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "a job with this name exists",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Response create(JsonNode body) {
        JobView created = jobs.create(JobJson.parse(body, null));
        return Response.created(URI.create("/api/v1/jobs/" + created.definition().name())).entity(created).build();
    }

    @GET
    @Operation(summary = "List jobs",
            description = "By name, a page at a time; q searches name, description and command, owner filters by owner.")
    public Page<JobView> list(@QueryParam("page") String page, @QueryParam("size") String size,
                              @QueryParam("q") String q, @QueryParam("owner") String owner) {
        PageRequest p = PageRequest.of(page, size, 50, 500);
        return jobs.list(p.page(), p.size(), q, owner);
    }

    @GET
    @Path("{name}")
    @Operation(summary = "A job",
            description = "Every field of its definition, plus its next fire times, creation and update times and version; "
                    + "the version is the ETag.")
    @APIResponse(responseCode = "200", description = "the job; its version is the ETag header",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "404", description = "no such job",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Response get(@PathParam("name") String name) {
        JobView job = jobs.get(name);
        return Response.ok(job).tag(etag(job)).build();
    }

    /** A job's version is its strong entity tag: a PUT or DELETE with If-Match on it fails (412) once the job has changed. */
    private static EntityTag etag(JobView job) {
        return new EntityTag(Long.toString(job.version()));
    }

    @PUT
    @Path("{name}")
    @Operation(summary = "Replace a job's definition",
            description = "Read-only fields of a GET may be sent back; they are ignored. With If-Match: \"<version>\" the "
                    + "change is made only if the job is still at that version.")
    @APIResponse(responseCode = "200", description = "the job; its version is the ETag header",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "412", description = "If-Match names a version that is no longer the job's",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @RequestBody(description = "the new definition",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobDefinition.class)))
    @APIResponse(responseCode = "404", description = "no such job",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "invalid input; every bad field is named in errors",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Response update(@PathParam("name") String name, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, JsonNode body) {
        IfMatch condition = IfMatch.parse(ifMatch);
        JobView job = jobs.update(JobJson.parse(body, name), condition);
        return Response.ok(job).tag(etag(job)).build();
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Delete a job",
            description = "Its queued and running runs are killed. A job with children is refused (409) unless "
                    + "detachChildren=true. With If-Match: \"<version>\" only if the job is still at that version.")
    @APIResponse(responseCode = "412", description = "If-Match names a version that is no longer the job's",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such job",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "the job has children",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Response delete(@PathParam("name") String name, @QueryParam("detachChildren") @DefaultValue("false") boolean detachChildren,
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        jobs.delete(name, detachChildren, IfMatch.parse(ifMatch));
        return Response.noContent().build();
    }
}
