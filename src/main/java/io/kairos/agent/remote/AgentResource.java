package io.kairos.agent.remote;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

@Path("/api/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentResource {

    private final AgentRegistry agents;

    AgentResource(AgentRegistry agents) {
        this.agents = agents;
    }

    @GET
    public List<AgentView> list() {
        return agents.list();
    }

    @GET
    @Path("{id}")
    public AgentView get(@PathParam("id") String id) {
        return agents.get(id);
    }

    @POST
    @Path("{id}/drain")
    public AgentView drain(@PathParam("id") String id) {
        return agents.drain(id, true);
    }

    @POST
    @Path("{id}/undrain")
    public AgentView undrain(@PathParam("id") String id) {
        return agents.drain(id, false);
    }
}
