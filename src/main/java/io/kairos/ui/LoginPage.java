package io.kairos.ui;

import io.kairos.security.AuthMode;
import io.kairos.security.Caller;
import io.kairos.security.ConsoleSessions;
import io.kairos.security.TokenStore;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.Optional;

/**
 * The console's login: a token pasted once opens a session (a cookie the page's scripts cannot read), so the token
 * itself is never kept by the browser. Logging out ends the session on every scheduler; revoking the token ends all
 * of its sessions.
 */
@Path("/login")
@Produces(MediaType.TEXT_HTML)
public class LoginPage {

    public record LoginView(String then, String error, boolean authOn) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(LoginView view);
    }

    private final TokenStore tokens;
    private final ConsoleSessions sessions;
    private final CurrentVertxRequest request;
    private final AuthMode mode;

    LoginPage(TokenStore tokens, ConsoleSessions sessions, CurrentVertxRequest request, AuthMode mode) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.request = request;
        this.mode = mode;
    }

    @GET
    public TemplateInstance form(@QueryParam("then") String then) {
        return Templates.login(new LoginView(local(then), null, mode.on()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@FormParam("token") String token, @FormParam("then") String then) {
        Optional<Caller> caller = Optional.ofNullable(token).map(String::strip).flatMap(tokens::authenticate);
        if (caller.isEmpty()) {
            return Response.status(401).type(MediaType.TEXT_HTML_TYPE).entity(Templates.login(new LoginView(local(then),
                    token == null || token.isBlank() ? "Paste a token to log in." : "That is not a token Kairos knows (revoked, or mistyped).",
                    mode.on()))).build();
        }
        RoutingContext rc = request.getCurrent();
        rc.response().addCookie(ConsoleSessions.cookie(rc, ConsoleSessions.COOKIE, sessions.open(caller.get().name())));
        return Response.seeOther(URI.create(local(then))).build();
    }

    /** Where to go after logging in: a path of this console only, never another site (an open redirect). */
    static String local(String then) {
        if (then == null || !then.startsWith("/") || then.startsWith("//") || then.startsWith("/\\") || then.startsWith("/login")) {
            return "/";
        }
        return then;
    }
}
