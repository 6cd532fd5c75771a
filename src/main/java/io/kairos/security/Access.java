package io.kairos.security;

import io.kairos.api.ApiException;
import io.kairos.api.FieldError;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.inject.Instance;

import java.util.List;
import java.util.TreeSet;

/**
 * Who is calling, and the checks every entry point of the domain makes before it changes anything: the API, the
 * compatibility APIs and the console reach the same services, so a check made here holds at every boundary. Work no
 * request asked for (firing, timeouts, recovery) runs as {@link Caller#SYSTEM}; a request whose caller was not
 * established is refused, never treated as Kairos itself.
 */
@ApplicationScoped
public class Access {

    /** Where {@link AuthFilter} leaves the request's caller. */
    public static final String CALLER = "kairos.caller";

    private final Instance<CurrentVertxRequest> request;

    Access(Instance<CurrentVertxRequest> request) {
        this.request = request;
    }

    public Caller caller() {
        RoutingContext rc;
        try {
            rc = request.get().getCurrent();
        } catch (ContextNotActiveException e) {
            return Caller.SYSTEM;
        }
        if (rc == null) {
            return Caller.SYSTEM;
        }
        Caller c = rc.get(CALLER);
        if (c == null) {
            throw ApiException.unauthenticated("this request does not say who sends it");
        }
        return c;
    }

    /** May change a job owned by {@code owner} (the current owner, and the new one when it changes). */
    public Caller requireEdit(String owner) {
        Caller c = caller();
        if (!c.mayEdit(owner)) {
            throw ApiException.forbidden(c.role() == Role.DEVELOPER
                    ? c.name() + " may change only jobs owned by its teams " + new TreeSet<>(c.teams()) + "; this one's owner is "
                    + (owner == null ? "not set" : "'" + owner + "'")
                    : c.name() + " (" + c.role().wire() + ") may not change jobs",
                    List.of(new FieldError("/owner", "must be one of your teams " + new TreeSet<>(c.teams()))));
        }
        return c;
    }

    /** May run, kill, rerun, backfill or mark-success runs of a job owned by {@code owner}. */
    public Caller requireRun(String owner) {
        Caller c = caller();
        if (!c.mayRun(owner)) {
            throw ApiException.forbidden(c.role() == Role.DEVELOPER
                    ? c.name() + " may run and kill only jobs owned by its teams " + new TreeSet<>(c.teams())
                    : c.name() + " (" + c.role().wire() + ") may not run or kill jobs");
        }
        return c;
    }

    /** May drain, undrain or remove agents. */
    public Caller requireOperate() {
        Caller c = caller();
        if (!c.mayOperate()) {
            throw ApiException.forbidden(c.name() + " (" + c.role().wire() + ") may not drain or remove agents");
        }
        return c;
    }

    /** May read the audit log. */
    public Caller requireAuditRead() {
        Caller c = caller();
        if (!c.mayReadAudit()) {
            throw ApiException.forbidden(c.name() + " (" + c.role().wire() + ") may not read the audit log: operators and admins may");
        }
        return c;
    }

    /** Tokens, roles, quotas. */
    public Caller requireAdmin() {
        Caller c = caller();
        if (!c.isAdmin()) {
            throw ApiException.forbidden(c.name() + " (" + c.role().wire() + ") is not an admin");
        }
        return c;
    }
}
