package io.kairos.agent.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.api.ApiException;
import io.kairos.api.JsonFields;
import io.kairos.api.Problem;
import io.kairos.security.Access;
import io.kairos.security.Caller;
import io.kairos.security.TokenSecret;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Set;

/**
 * Per-agent tokens: an admin makes one for an agent id, gives it to that host as {@code KAIROS_AGENT_TOKEN}, and
 * revokes it to shut that host out alone. The secret is answered once, when it is made.
 */
@Tag(name = "Agent tokens", description = "Each agent's own join token (admin only)")
@Path("/api/v1/agent-tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AgentTokenResource {

    /** The answer to a POST: the only time the secret is shown. */
    public record Created(String agent, String token) {
    }

    private final AgentTokens tokens;
    private final Access access;

    AgentTokenResource(AgentTokens tokens, Access access) {
        this.tokens = tokens;
        this.access = access;
    }

    @POST
    @Operation(summary = "Make an agent's token", description = "Body {\"agent\": \"host-1\"}. The agent shows it as"
            + " KAIROS_AGENT_TOKEN and may then register only as host-1. The answer carries the token once.")
    @APIResponse(responseCode = "201", description = "made; {\"token\": ...} is shown only now")
    @APIResponse(responseCode = "409", description = "that agent has a token; revoke it first",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Response create(JsonNode body) {
        Caller by = access.requireAdmin();
        if (body == null || !body.isObject()) {
            throw ApiException.malformed("/", "must be an object like {\"agent\": \"host-1\"}");
        }
        JsonFields f = new JsonFields();
        f.rejectNul(body, "");
        f.rejectUnknown(body, "", Set.of("agent"), Set.of());
        String agent = f.text(body, "/agent", 200, false);
        if (agent == null || agent.isBlank()) {
            f.error("/agent", "is required: the id the agent registers with (KAIROS_AGENT_ID)");
        } else if (!agent.strip().equals(agent)) {
            f.error("/agent", "must not start or end with spaces");
        }
        f.throwIfInvalid();
        String secret = TokenSecret.generate();
        if (!tokens.insert(agent, secret, by.name())) {
            throw ApiException.conflict("agent '" + agent + "' has a token; revoke it first to make a new one");
        }
        return Response.status(201).entity(new Created(agent, secret)).build();
    }

    @GET
    @Operation(summary = "Agent tokens", description = "Which agents have a token of their own, made when and by whom; never a secret.")
    public List<AgentTokens.AgentTokenView> list() {
        access.requireAdmin();
        return tokens.list();
    }

    @DELETE
    @Path("{agent}")
    @Operation(summary = "Revoke an agent's token", description = "New handshakes with it are refused at once; a connection it"
            + " admitted is closed within seconds, on whichever scheduler holds it.")
    public Response revoke(@PathParam("agent") String agent) {
        access.requireAdmin();
        if (!tokens.revoke(agent)) {
            throw ApiException.notFound("agent '" + agent + "' has no token");
        }
        return Response.noContent().build();
    }
}
