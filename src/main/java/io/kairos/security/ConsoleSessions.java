package io.kairos.security;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Console logins ({@code console_session}): a login with a token, or through an OpenID Connect provider, opens a
 * session whose random secret the browser keeps in an HttpOnly cookie, so the token itself never sits in the browser. In PostgreSQL, like the tokens, so a
 * session opened on one scheduler holds on the next leader, and revoking a token ends its sessions at once (the
 * foreign key). A session lasts {@link #LIFETIME} from login; expired rows are deleted when the next one opens.
 */
@ApplicationScoped
public class ConsoleSessions {

    public static final Duration LIFETIME = Duration.ofHours(12);
    public static final String COOKIE = "kairos_session";

    private final Instance<DataSource> db;
    private final Clock clock;

    ConsoleSessions(Instance<DataSource> db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * A console cookie: never readable by the page's scripts, never sent with a request another site starts, and
     * only over TLS when the console is served over TLS (behind a proxy: with {@code quarkus.http.proxy.*} set, so
     * that the scheme is the browser's).
     */
    public static Cookie cookie(RoutingContext rc, String name, String value) {
        return Cookie.cookie(name, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                .setSecure("https".equalsIgnoreCase(rc.request().scheme()));
    }

    /** Opens a session for the named token; answers the secret for the cookie. */
    public String open(String tokenName) {
        return insert(tokenName, null);
    }

    /**
     * Opens a session for a user an OpenID Connect provider vouched for, with the role and teams its ID token gave:
     * they hold until the session ends (logout, or {@link #LIFETIME}), as a token's do until it is revoked.
     */
    public String openFor(Caller user) {
        return insert(null, user);
    }

    private String insert(String tokenName, Caller user) {
        String secret = TokenSecret.generate();
        Instant now = clock.instant();
        try (Connection c = db.get().getConnection();
             PreparedStatement expired = c.prepareStatement("DELETE FROM console_session WHERE expires_at <= ?");
             PreparedStatement ps = c.prepareStatement("INSERT INTO console_session (secret_hash, token_name, created_at,"
                     + " expires_at, user_name, user_role, user_teams) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            expired.setTimestamp(1, Timestamp.from(now));
            expired.executeUpdate();
            ps.setBytes(1, TokenSecret.hash(secret));
            ps.setString(2, tokenName);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setTimestamp(4, Timestamp.from(now.plus(LIFETIME)));
            ps.setString(5, user == null ? null : user.name());
            ps.setString(6, user == null ? null : user.role().wire());
            ps.setArray(7, user == null ? null : c.createArrayOf("text", user.teams().stream().sorted().toArray()));
            ps.executeUpdate();
            return secret;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write console_session: " + e.getMessage(), e);
        }
    }

    /** The caller of a live session; empty for an unknown, expired or revoked one. */
    public Optional<Caller> authenticate(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        // a token's session has its token's row (the foreign key deletes the session with the token); a user's has none
        String sql = "SELECT COALESCE(t.name, s.user_name), COALESCE(t.role, s.user_role), COALESCE(t.teams, s.user_teams)"
                + " FROM console_session s LEFT JOIN api_token t ON t.name = s.token_name"
                + " WHERE s.secret_hash = ? AND s.expires_at > ?";
        try (Connection c = db.get().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setBytes(1, TokenSecret.hash(secret));
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Caller(rs.getString(1), Role.parse(rs.getString(2)), TokenStore.teams(rs.getArray(3))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read console_session: " + e.getMessage(), e);
        }
    }

    /** Ends a session (logout); nothing when there is none. */
    public void close(String secret) {
        if (secret == null || secret.isBlank()) {
            return;
        }
        try (Connection c = db.get().getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM console_session WHERE secret_hash = ?")) {
            ps.setBytes(1, TokenSecret.hash(secret));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete from console_session: " + e.getMessage(), e);
        }
    }
}
