package io.kairos.security;

import io.kairos.api.ApiFamily;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import java.util.Locale;
import java.util.Optional;

/**
 * Every console request that changes something carries the page's {@link Csrf} token, with authentication on or off:
 * with it off, any page in the laptop's browser could otherwise post to localhost. Forms send it as a field, htmx as
 * a header. A request with a bearer token sent by its client is not a browser's, which never adds one by itself; the
 * API families are guarded by their tokens and {@link RequestGate}'s Origin check.
 */
public class CsrfFilter {

    @Inject
    CurrentVertxRequest current;

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 10)
    @WithFormRead
    public Optional<Response> check(ResteasyReactiveContainerRequestContext request) {
        if (HttpProblem.safe(request.getMethod()) || ApiFamily.of(request.getUriInfo().getPath()) != ApiFamily.CONSOLE || bearer(request)) {
            return Optional.empty();
        }
        String sent = request.getHeaderString(Csrf.HEADER);
        if (sent == null && request.getServerRequestContext() instanceof ResteasyReactiveRequestContext context) {
            Object field = context.getFormParameter(Csrf.FIELD, true, false);
            sent = field == null ? null : field.toString();
        }
        if (Csrf.matches(current.getCurrent().get(Csrf.KEY), sent)) {
            return Optional.empty();
        }
        return Optional.of(AuthFilter.problem(403, "Forbidden", sent == null
                ? "this form carries no CSRF token: it was not sent by a Kairos page. Reload the page and try again"
                : "this form's CSRF token is stale (you logged in or out since the page was loaded): reload the page and try again",
                null, null)); // console forms only: plain problem+json
    }

    private static boolean bearer(ResteasyReactiveContainerRequestContext request) {
        String h = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        return h != null && h.strip().toLowerCase(Locale.ROOT).startsWith("bearer ");
    }
}
