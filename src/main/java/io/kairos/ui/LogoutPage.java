package io.kairos.ui;

import io.kairos.security.AuthMode;
import io.kairos.security.ConsoleSessions;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/** Logging out of the console: the session ends on every scheduler, and the browser forgets its cookie. */
@Path("/logout")
public class LogoutPage {

    private final ConsoleSessions sessions;
    private final CurrentVertxRequest request;
    private final AuthMode mode;

    LogoutPage(ConsoleSessions sessions, CurrentVertxRequest request, AuthMode mode) {
        this.sessions = sessions;
        this.request = request;
        this.mode = mode;
    }

    @POST
    public Response logout() {
        RoutingContext rc = request.getCurrent();
        Cookie session = rc.request().getCookie(ConsoleSessions.COOKIE);
        if (session != null) {
            sessions.close(session.getValue());
            rc.response().addCookie(ConsoleSessions.cookie(rc, ConsoleSessions.COOKIE, "").setMaxAge(0));
        }
        return Response.seeOther(URI.create(mode.on() ? "/login" : "/")).build();
    }
}
