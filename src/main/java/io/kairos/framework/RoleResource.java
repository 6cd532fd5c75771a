package io.kairos.framework;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.api.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Roles of the allocator: weight, quota, limit, and each role's live dominant share. */
@Tag(name = "Roles", description = "Allocator roles: weight, quota, limit, live dominant share")
@Path("/api/v1/roles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoleResource {

    private final RoleViews roles;

    RoleResource(RoleViews roles) {
        this.roles = roles;
    }

    @GET
    @Operation(summary = "Roles",
            description = "Each configured role with its weight, quota, limit, live dominantShare and allocated resources.")
    public List<RoleView> list() {
        return roles.all();
    }

    /** A role never configured answers with the defaults every role starts from. */
    @GET
    @Path("{name}")
    @Operation(summary = "A role",
            description = "A role never configured answers with the defaults: weight 1, no quota, no limit.")
    public RoleView get(@PathParam("name") String name) {
        return roles.get(name);
    }

    @PUT
    @Path("{name}")
    @Operation(summary = "Create or change a role",
            description = "Body {\"weight\": 2, \"quota\": {\"cpus\": 4, \"memMb\": 8192}, \"limit\": {\"cpus\": 16}}; a limit "
                    + "field left out is unlimited.")
    @RequestBody(description = "weight, quota and limit (name, dominantShare and allocated are read-only and ignored)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RoleView.class)))
    @APIResponse(responseCode = "422", description = "invalid input; every bad field is named in errors",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public RoleView put(@PathParam("name") String name, JsonNode body) {
        return roles.put(name, body);
    }
}
