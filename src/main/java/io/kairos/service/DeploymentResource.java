package io.kairos.service;

import io.kairos.api.ApiException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

@Tag(name = "Services", description = "Long-running services: N instances kept running and healthy, rolled over on change")
@Path("/api/v1/deployments")
@Produces(MediaType.APPLICATION_JSON)
public class DeploymentResource {

    private final Deployments deployments;
    private final ServiceService services;

    DeploymentResource(Deployments deployments, ServiceService services) {
        this.deployments = deployments;
        this.services = services;
    }

    @GET
    @Operation(summary = "Deployments", description = "Those running; with all=true the latest 200 of any state, newest first.")
    public List<DeploymentView> list(@QueryParam("all") @DefaultValue("false") boolean all) {
        return deployments.list(all);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A deployment", description = "With its progress while it runs.")
    public DeploymentView get(@PathParam("id") String id) {
        return deployments.get(uuid(id));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Cancel a deployment",
            description = "Rolls the change back (answers the rollback deployment, or 204 when a creation was undone); with "
                    + "force=true only stops tracking it.")
    public Response cancel(@PathParam("id") String id, @QueryParam("force") @DefaultValue("false") boolean force) {
        return services.cancel(uuid(id), force).map(r -> Response.ok(r).build()).orElseGet(() -> Response.noContent().build());
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no deployment " + id);
        }
    }
}
