package io.kairos.ui;

import io.kairos.security.Access;
import io.kairos.security.AuthMode;
import io.kairos.security.Caller;
import io.kairos.security.Csrf;
import io.kairos.security.Role;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * What every console page shows of who is looking ({@code inject:console} in the templates): the CSRF token its
 * forms carry, the warning that this Kairos runs open, who is logged in, and which buttons to show at all. A button
 * a caller may not use is not shown; the services still check every request, since a page is only a hint.
 */
@Named("console")
@ApplicationScoped
public class Console {

    private final CurrentVertxRequest request;
    private final AuthMode mode;

    Console(CurrentVertxRequest request, AuthMode mode) {
        this.request = request;
        this.mode = mode;
    }

    public String csrf() {
        RoutingContext rc = request.getCurrent();
        return rc == null ? "" : Csrf.forRequest(rc);
    }

    /** The open-Kairos warning, or empty when authentication is on. */
    public String banner() {
        return mode.warning();
    }

    /** The logged-in token's name; empty for an anonymous visitor of an open Kairos. */
    public String user() {
        Caller c = caller();
        return c == null || c == Caller.OPEN ? "" : c.name();
    }

    public String role() {
        Caller c = caller();
        return c == null ? "" : c.role().wire();
    }

    public boolean mayCreateJobs() {
        Caller c = caller();
        // a job is owned by a team: an admin, or a developer in at least one
        return c != null && (c.isAdmin() || c.role() == Role.DEVELOPER && !c.teams().isEmpty());
    }

    public boolean mayEdit(String owner) {
        Caller c = caller();
        return c != null && c.mayEdit(owner);
    }

    public boolean mayRun(String owner) {
        Caller c = caller();
        return c != null && c.mayRun(owner);
    }

    public boolean mayOperate() {
        Caller c = caller();
        return c != null && c.mayOperate();
    }

    private Caller caller() {
        RoutingContext rc = request.getCurrent();
        return rc == null ? null : rc.get(Access.CALLER);
    }
}
