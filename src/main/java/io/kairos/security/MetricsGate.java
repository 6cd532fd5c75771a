package io.kairos.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Optional;

/**
 * {@code /q/metrics} is served by Vert.x, not by the REST layer {@link AuthFilter} guards: with authentication on it
 * needs a token too (any role: metrics are a read), while {@code /q/health/*} stays open for probes.
 */
@ApplicationScoped
public class MetricsGate {

    void register(@Observes Filters filters, AuthMode mode, TokenStore tokens) {
        if (!mode.on()) {
            return;
        }
        filters.register(rc -> {
            if (!rc.normalizedPath().startsWith("/q/metrics")) {
                rc.next();
                return;
            }
            Optional<String> secret = Credentials.secret(rc.request().getHeader("Authorization"));
            rc.vertx().executeBlocking(() -> secret.flatMap(tokens::authenticate).isPresent()).onComplete(known -> {
                if (known.succeeded() && known.result()) {
                    rc.next();
                    return;
                }
                HttpProblem.send(rc.response(), 401, "Unauthorized", "metrics need a token: Authorization: Bearer <token>",
                        "Bearer realm=\"kairos\"");
            });
        }, 100);
    }
}
