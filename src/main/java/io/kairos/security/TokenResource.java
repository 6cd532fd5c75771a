package io.kairos.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.api.ApiException;
import io.kairos.api.JsonFields;
import io.kairos.api.Problem;
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

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** API tokens: an admin makes, lists and revokes them. A token's secret is answered once, when it is made. */
@Tag(name = "Tokens", description = "API tokens with a role and teams (admin only)")
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TokenResource {

    /** The answer to a POST: the only time the secret is shown. */
    public record Created(String name, String role, List<String> teams, String token) {
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern TEAM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

    private final TokenStore tokens;
    private final Access access;

    TokenResource(TokenStore tokens, Access access) {
        this.tokens = tokens;
        this.access = access;
    }

    @POST
    @Operation(summary = "Make a token", description = "Body {\"name\": \"ci\", \"role\": \"developer\", \"teams\": [\"data\"]};"
            + " roles viewer, developer, operator, admin. The answer carries the token once.")
    @APIResponse(responseCode = "201", description = "made; {\"token\": ...} is shown only now")
    @APIResponse(responseCode = "409", description = "a token by that name exists",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Response create(JsonNode body) {
        Caller by = access.requireAdmin();
        JsonFields f = new JsonFields();
        if (body == null || !body.isObject()) {
            throw ApiException.malformed("/", "must be an object like {\"name\": \"ci\", \"role\": \"developer\", \"teams\": [\"data\"]}");
        }
        f.rejectNul(body, "");
        f.rejectUnknown(body, "", Set.of("name", "role", "teams"), Set.of());
        String name = f.text(body, "/name", 100, false);
        if (name == null) {
            f.error("/name", "is required");
        } else if (!NAME.matcher(name).matches()) {
            f.error("/name", "must be letters, digits, '.', '_' or '-', starting with a letter or digit");
        } else if (name.equals(AuditLog.OPEN) || name.equals(AuditLog.SYSTEM)) {
            f.error("/name", "'" + name + "' is kept for the audit log's actor when nobody's token made a change");
        }
        String roleText = f.text(body, "/role", 20, false);
        Role role = null;
        if (roleText == null) {
            f.error("/role", "is required: viewer, developer, operator or admin");
        } else {
            try {
                role = Role.parse(roleText);
            } catch (IllegalArgumentException e) {
                f.error("/role", e.getMessage());
            }
        }
        Set<String> teams = new LinkedHashSet<>();
        if (body.has("teams") && !body.get("teams").isNull()) {
            List<String> given = f.stringList(body.get("teams"), "/teams");
            for (int i = 0; given != null && i < given.size(); i++) {
                if (!TEAM.matcher(given.get(i)).matches()) {
                    f.error("/teams/" + i, "must be letters, digits, '.', '_', '@' or '-', at most 100");
                }
                teams.add(given.get(i));
            }
        }
        if (role == Role.DEVELOPER && teams.isEmpty()) {
            f.error("/teams", "a developer needs at least one team: it may change only jobs its teams own");
        }
        f.throwIfInvalid();
        String secret = TokenSecret.generate();
        if (!tokens.insert(name, role, teams, secret, by.name())) {
            throw ApiException.conflict("a token named '" + name + "' exists; revoke it first to make a new one");
        }
        return Response.status(201).entity(new Created(name, role.wire(), List.copyOf(teams), secret)).build();
    }

    @GET
    @Operation(summary = "Tokens", description = "Every token's name, role, teams and maker; never a secret.")
    public List<TokenStore.TokenView> list() {
        access.requireAdmin();
        return tokens.list();
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Revoke a token", description = "It stops working at once on every scheduler. The last admin token is kept (409).")
    public Response revoke(@PathParam("name") String name) {
        access.requireAdmin();
        if (!tokens.revoke(name)) {
            throw ApiException.notFound("no token named '" + name + "'");
        }
        return Response.noContent().build();
    }
}
