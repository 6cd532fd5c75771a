package io.kairos.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.api.ApiException;
import io.kairos.api.IfMatch;
import io.kairos.api.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;

@Tag(name = "Services", description = "Long-running services: N instances kept running and healthy, rolled over on change")
@Path("/api/v1/services")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ServiceResource {

    private final ServiceService services;

    ServiceResource(ServiceService services) {
        this.services = services;
    }

    @POST
    @Operation(summary = "Create a service", description = "Its instances are launched on the pool at once. 409 if the id exists.")
    @APIResponse(responseCode = "422", description = "invalid input; every bad field is named in errors",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Response create(JsonNode body) {
        ServiceView created = services.create(ServiceJson.parse(body, null));
        return Response.created(URI.create("/api/v1/services" + created.definition().id())).entity(created)
                .tag(etag(created)).build();
    }

    @GET
    @Operation(summary = "List services", description = "Every service, by id, with its instances.")
    public List<ServiceView> list() {
        return services.list();
    }

    @GET
    @Path("{id: .+}")
    @Operation(summary = "A service", description = "Its definition, instances, counts and deployment; the version is the ETag.")
    public Response get(@PathParam("id") String id) {
        ServiceView s = services.get(id(id));
        return Response.ok(s).tag(etag(s)).build();
    }

    @PUT
    @Path("{id: .+}")
    @Operation(summary = "Replace a service's definition",
            description = "A change of what the instances run rolls them over within upgradeStrategy (a deployment); a change "
                    + "of instances alone scales. While another such deployment runs, 409 unless force=true. With If-Match: "
                    + "\"<version>\" only if the service is still at that version (else 412).")
    public Response update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @QueryParam("force") @DefaultValue("false") boolean force, JsonNode body) {
        IfMatch condition = IfMatch.parse(ifMatch);
        ServiceView s = services.update(ServiceJson.parse(body, id(id)), condition, force);
        return Response.ok(s).tag(etag(s)).build();
    }

    @POST
    @Path("{id: .+}/restart")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Restart a service", description = "Replaces every instance within upgradeStrategy, as a deployment.")
    public Response restart(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                            @QueryParam("force") @DefaultValue("false") boolean force) {
        ServiceView s = services.restart(id(id), IfMatch.parse(ifMatch), force);
        return Response.ok(s).tag(etag(s)).build();
    }

    @POST
    @Path("{id: .+}/tasks/{task: [0-9]+}/kill")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Kill one instance", description = "The framework starts another in its place; with scale=true "
            + "the service's instances go down by one instead (answers the scaling deployment).")
    public Response kill(@PathParam("id") String id, @PathParam("task") long task,
                         @QueryParam("scale") @DefaultValue("false") boolean scale) {
        return services.killInstance(id(id), task, scale).map(d -> Response.ok(d).build())
                .orElseGet(() -> Response.accepted().build());
    }

    @DELETE
    @Path("{id: .+}")
    @Operation(summary = "Delete a service", description = "Its instances are stopped; the id is free again once they have.")
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        services.delete(id(id), IfMatch.parse(ifMatch));
        return Response.noContent().build();
    }

    private static String id(String path) {
        return ServiceJson.normalise(path).orElseThrow(() -> ApiException.notFound("no service '/" + path + "'"));
    }

    private static EntityTag etag(ServiceView s) {
        return new EntityTag(Long.toString(s.version()));
    }
}
