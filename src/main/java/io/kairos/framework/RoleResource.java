package io.kairos.framework;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Roles of the allocator: weight, quota, limit, and each role's live dominant share. */
@Path("/api/v1/roles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoleResource {

    private final RoleViews roles;

    RoleResource(RoleViews roles) {
        this.roles = roles;
    }

    @GET
    public List<RoleView> list() {
        return roles.all();
    }

    /** A role never configured answers with the defaults every role starts from. */
    @GET
    @Path("{name}")
    public RoleView get(@PathParam("name") String name) {
        return roles.get(name);
    }

    @PUT
    @Path("{name}")
    public RoleView put(@PathParam("name") String name, JsonNode body) {
        return roles.put(name, body);
    }
}
