package io.kairos.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;

/** Reads {@code kairos.auth}, {@code kairos.auth.force-open} and the HTTP bind into one {@link AuthMode}. */
@ApplicationScoped
public class AuthModeProducer {

    private static final Logger LOG = Logger.getLogger(AuthModeProducer.class);

    @Produces
    @Singleton
    AuthMode authMode(@ConfigProperty(name = "kairos.auth") Optional<String> auth,
                      @ConfigProperty(name = "kairos.auth.force-open", defaultValue = "false") boolean forceOpen,
                      @ConfigProperty(name = "quarkus.http.host") String host) {
        return AuthMode.of(auth, host, forceOpen);
    }

    /** Decided at start, so that a refused setting stops Kairos before it serves anything. */
    void onStart(@Observes StartupEvent start, AuthMode mode) {
        if (!mode.on()) {
            LOG.warn("*** " + mode.warning() + " ***");
        } else {
            LOG.info("Authentication is on: API calls need a token (Authorization: Bearer ...)");
        }
    }
}
