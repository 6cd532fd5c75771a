package io.kairos.ui;

import io.kairos.security.AuthMode;
import io.kairos.security.Caller;
import io.kairos.security.ConsoleSessions;
import io.kairos.security.OidcLogin;
import io.kairos.security.TokenStore;
import io.quarkus.oidc.IdToken;
import io.quarkus.oidc.OidcSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The console's login: a token pasted once, or a login at the OpenID Connect provider where one is configured, opens
 * a session (a cookie the page's scripts cannot read), so the token itself is never kept by the browser. Logging out ends the session on every scheduler; revoking the token ends all
 * of its sessions.
 */
@Path("/login")
@Produces(MediaType.TEXT_HTML)
public class LoginPage {

    /** @param oidc whether the page offers the login through the OpenID Connect provider */
    public record LoginView(String then, String error, boolean authOn, boolean oidc) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(LoginView view);

        static native TemplateInstance loggedIn(String user);
    }

    private final TokenStore tokens;
    private final ConsoleSessions sessions;
    private final CurrentVertxRequest request;
    private final AuthMode mode;
    private final OidcLogin oidc;
    private final OidcSession oidcSession;
    /** The ID token of the user the provider vouched for (a request-scoped proxy, read in {@link #oidc()} only). */
    @Inject
    @IdToken
    JsonWebToken idToken;

    LoginPage(TokenStore tokens, ConsoleSessions sessions, CurrentVertxRequest request, AuthMode mode, OidcLogin oidc,
              OidcSession oidcSession) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.request = request;
        this.mode = mode;
        this.oidc = oidc;
        this.oidcSession = oidcSession;
    }

    @GET
    public TemplateInstance form(@QueryParam("then") String then) {
        return Templates.login(new LoginView(local(then), null, mode.on(), oidc.configured()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@FormParam("token") String token, @FormParam("then") String then) {
        Optional<Caller> caller = Optional.ofNullable(token).map(String::strip).flatMap(tokens::authenticate);
        if (caller.isEmpty()) {
            return Response.status(401).type(MediaType.TEXT_HTML_TYPE).entity(Templates.login(new LoginView(local(then),
                    token == null || token.isBlank() ? "Paste a token to log in." : "That is not a token Kairos knows (revoked, or mistyped).",
                    mode.on(), oidc.configured()))).build();
        }
        RoutingContext rc = request.getCurrent();
        rc.response().addCookie(ConsoleSessions.cookie(rc, ConsoleSessions.COOKIE, sessions.open(caller.get().name())));
        return Response.seeOther(URI.create(local(then))).build();
    }

    /**
     * The provider has vouched for the user (the OIDC extension ran the code flow before this is reached): open the
     * console's own session with the role and teams of the ID token, and drop the extension's. The page that says so
     * moves on to the dashboard by itself: the browser came here from the provider's site, and a cookie that is
     * {@code SameSite=Strict} is not sent until a navigation starts on this site. Without an issuer no tenant serves
     * this path, so it answers 401 before it gets here.
     */
    @GET
    @Path("oidc")
    @Authenticated
    public Response oidc() {
        Caller user = oidc.caller(idToken);
        RoutingContext rc = request.getCurrent();
        rc.response().addCookie(ConsoleSessions.cookie(rc, ConsoleSessions.COOKIE, sessions.openFor(user)));
        oidcSession.logout().await().atMost(Duration.ofSeconds(10));
        return Response.ok(Templates.loggedIn(user.name()), MediaType.TEXT_HTML_TYPE).header("Cache-Control", "no-store").build();
    }

    /** Where to go after logging in: a path of this console only, never another site (an open redirect). */
    static String local(String then) {
        if (then == null || !then.startsWith("/") || then.startsWith("//") || then.startsWith("/\\") || then.startsWith("/login")) {
            return "/";
        }
        return then;
    }
}
