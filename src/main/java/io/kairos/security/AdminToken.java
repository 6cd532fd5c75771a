package io.kairos.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The first admin. {@code KAIROS_ADMIN_TOKEN} given: the token named {@code admin} is that secret (changed when the
 * setting changes). Not given, and no {@code admin} token yet: one is generated, stored hashed, printed once, and
 * written to {@code <data-dir>/admin.token} (owner-only). Several schedulers starting together on one database: the
 * row's unique name lets one of them make it; the others find it there.
 */
@ApplicationScoped
public class AdminToken {

    public static final String NAME = "admin";
    private static final Logger LOG = Logger.getLogger(AdminToken.class);

    @ConfigProperty(name = "kairos.admin-token")
    Optional<String> configured;
    @ConfigProperty(name = "kairos.data-dir")
    String dataDir;
    @ConfigProperty(name = "quarkus.datasource.active", defaultValue = "true")
    boolean hasDatabase;

    final TokenStore tokens;

    AdminToken(TokenStore tokens) {
        this.tokens = tokens;
    }

    void onStart(@Observes StartupEvent start) {
        if (!hasDatabase) {
            return; // an agent: it keeps no tokens
        }
        if (configured.isPresent() && !configured.get().isBlank()) {
            String secret = configured.get().strip();
            if (secret.length() < TokenSecret.MIN_LENGTH) {
                throw new IllegalArgumentException("KAIROS_ADMIN_TOKEN must be at least " + TokenSecret.MIN_LENGTH + " characters");
            }
            tokens.putAdmin(NAME, secret);
            return;
        }
        String secret = TokenSecret.generate();
        if (tokens.insert(NAME, Role.ADMIN, Set.of(), secret, "first start")) {
            Path file = file();
            try {
                OwnerOnlyFile.write(file, secret);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the admin token to " + file, e);
            }
            // printed once, on purpose: this is the only time the secret exists outside its owner-only file
            LOG.warnf("The first admin token (shown once; also in %s, readable by its owner only): %s", file, secret);
        }
    }

    public Path file() {
        return Path.of(dataDir).toAbsolutePath().normalize().resolve("admin.token");
    }
}
