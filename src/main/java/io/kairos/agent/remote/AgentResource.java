package io.kairos.agent.remote;

import io.kairos.api.Problem;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Tag(name = "Agents", description = "The agent pool: resources, attributes, running tasks, drain")
@Path("/api/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentResource {

    private final AgentRegistry agents;
    private final AgentOperations operations;

    AgentResource(AgentRegistry agents, AgentOperations operations) {
        this.agents = agents;
        this.operations = operations;
    }

    @GET
    @Operation(summary = "Agents",
            description = "Every agent not GONE with its lifecycle state (REGISTERED, ACTIVE, DRAINING, DRAINED, LOST; kept in "
                    + "PostgreSQL, so a drain or a loss outlives a restart or failover), total/allocated/free resources, "
                    + "attributes, running tasks and last heartbeat.")
    public List<AgentView> list() {
        return agents.list();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "An agent")
    @APIResponse(responseCode = "404", description = "no such agent",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public AgentView get(@PathParam("id") String id) {
        return agents.get(id);
    }

    @POST
    @Path("{id}/drain")
    @Operation(summary = "Drain an agent", description = "No new tasks are placed there; running ones finish (DRAINING), "
            + "then it is DRAINED. A LOST agent drained now is DRAINED when it comes back.")
    @APIResponse(responseCode = "404", description = "no such agent",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public AgentView drain(@PathParam("id") String id) {
        return operations.drain(id, true);
    }

    @POST
    @Path("{id}/undrain")
    @Operation(summary = "Stop draining an agent")
    @APIResponse(responseCode = "404", description = "no such agent",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "the agent is LOST or GONE",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public AgentView undrain(@PathParam("id") String id) {
        return operations.drain(id, false);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Remove an agent", description = "Only a DRAINED or LOST agent: it becomes GONE and leaves the list "
            + "until it registers again.")
    @APIResponse(responseCode = "404", description = "no such agent",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "the agent is not DRAINED or LOST",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public AgentView remove(@PathParam("id") String id) {
        return operations.remove(id);
    }
}
