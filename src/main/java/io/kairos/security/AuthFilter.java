package io.kairos.security;

import io.kairos.api.ApiFamily;
import io.kairos.api.Problem;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;
import java.util.Set;

/**
 * The one place a request to the API, the compatibility APIs or the console says who sends it. With authentication
 * on, a request without a known token is answered 401 (a console page: sent to the login page), and a viewer's
 * request that would change something is answered 403 before it reaches a resource; the finer checks (teams,
 * operators) are {@link Access}'s, made by the services every boundary shares. With authentication off, a request
 * without a token is {@link Caller#OPEN}; one with a token is still its token's caller, so the audit log names it.
 */
public class AuthFilter {

    /** Reachable without a token: where the console logs in and out (the unauthenticated console GET is sent to /login). */
    private static final Set<String> OPEN = Set.of("/login", "/logout", OidcLogin.PATH, "/ping");
    /** Requests that change nothing although they are POSTs. */
    private static final Set<String> READS_BY_POST = Set.of("/api/v1/schedules/preview");

    @Inject
    AuthMode mode;
    @Inject
    TokenStore tokens;
    @Inject
    ConsoleSessions sessions;
    @Inject
    CurrentVertxRequest current;

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        RoutingContext rc = current.getCurrent();
        Optional<String> secret = Credentials.secret(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        Optional<Caller> caller = secret.flatMap(tokens::authenticate);
        if (secret.isEmpty() && ApiFamily.of(path) == ApiFamily.CONSOLE) {
            caller = consoleCaller(rc);
        }
        if (caller.isEmpty() && !mode.on()) {
            caller = Optional.of(Caller.OPEN);
        }
        if (caller.isPresent()) {
            rc.put(Access.CALLER, caller.get());
        }
        if (OPEN.contains(path)) {
            return Optional.empty();
        }
        if (caller.isEmpty()) {
            return Optional.of(unauthenticated(request, path, secret.isPresent()));
        }
        if (caller.get().role() == Role.VIEWER && changes(request.getMethod(), path)) {
            return Optional.of(problem(403, "Forbidden", caller.get().name() + " is a viewer: it may read, not change", null, path));
        }
        return Optional.empty();
    }

    /**
     * A browser's caller: the one of its session, if it has a live one; the secret its CSRF token is made of either
     * way (the session's, or the anonymous {@link Csrf#COOKIE}, handed out here on first sight).
     */
    private Optional<Caller> consoleCaller(RoutingContext rc) {
        Cookie session = rc.request().getCookie(ConsoleSessions.COOKIE);
        Optional<Caller> caller = session == null ? Optional.empty() : sessions.authenticate(session.getValue());
        if (caller.isPresent()) {
            rc.put(Csrf.KEY, session.getValue());
            return caller;
        }
        Cookie anonymous = rc.request().getCookie(Csrf.COOKIE);
        String key = anonymous == null ? TokenSecret.generate() : anonymous.getValue();
        if (anonymous == null) {
            rc.response().addCookie(ConsoleSessions.cookie(rc, Csrf.COOKIE, key));
        }
        rc.put(Csrf.KEY, key);
        return Optional.empty();
    }

    private static boolean changes(String method, String path) {
        return !(HttpProblem.safe(method) || READS_BY_POST.contains(path));
    }

    private static Response unauthenticated(ContainerRequestContext request, String path, boolean hadToken) {
        if (ApiFamily.of(path) == ApiFamily.CONSOLE && request.getMethod().equals("GET")) {
            return Response.seeOther(java.net.URI.create("/login?then=" + java.net.URLEncoder.encode(path,
                    java.nio.charset.StandardCharsets.UTF_8))).build();
        }
        String detail = hadToken ? "the token is not one Kairos knows (revoked, or mistyped)"
                : "this request needs a token: Authorization: Bearer <token>"
                + (ApiFamily.of(path).basicAuth() ? ", or HTTP basic auth with the token as the password" : "");
        return problem(401, "Unauthorized", detail, ApiFamily.of(path).challenge(), path);
    }

    /** @param path the request's path, so that the problem is worded as its API words refusals ({@link Problem#forPath}) */
    static Response problem(int status, String title, String detail, String challenge, String path) {
        Response.ResponseBuilder r = Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", title, status, detail, null).forPath(path));
        if (challenge != null) {
            r.header(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        return r.build();
    }
}
