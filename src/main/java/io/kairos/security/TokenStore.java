package io.kairos.security;

import io.kairos.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The API tokens in PostgreSQL ({@code api_token}): shared by every scheduler, so that a token made or revoked on one
 * holds on all at the next request. Plain JDBC: a request is authenticated before it reaches a resource, on whatever
 * thread serves it, and must not need an ORM session.
 */
@ApplicationScoped
public class TokenStore {

    /** What {@code GET /api/v1/tokens} shows of a token: never its secret. */
    public record TokenView(String name, String role, List<String> teams, Instant createdAt, String createdBy) {
    }

    private final Instance<DataSource> db;
    private final Clock clock;
    private final AuditLog audit;

    TokenStore(Instance<DataSource> db, Clock clock, AuditLog audit) {
        this.db = db;
        this.clock = clock;
        this.audit = audit;
    }

    /** The caller a secret belongs to; empty when no token has it (never said which part was wrong). */
    public Optional<Caller> authenticate(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        try (Connection c = db.get().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT name, role, teams FROM api_token WHERE secret_hash = ?")) {
            ps.setBytes(1, TokenSecret.hash(secret));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Caller(rs.getString(1), Role.parse(rs.getString(2)), teams(rs.getArray(3))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read api_token: " + e.getMessage(), e);
        }
    }

    /** Stores a token, with its row in the audit log; false when the name is taken. */
    @Transactional
    public boolean insert(String name, Role role, Set<String> teams, String secret, String createdBy) {
        String sql = "INSERT INTO api_token (name, role, teams, secret_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (name) DO NOTHING";
        try (Connection c = db.get().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            ps.setString(2, role.wire());
            ps.setArray(3, c.createArrayOf("text", new TreeSet<>(teams).toArray()));
            ps.setBytes(4, TokenSecret.hash(secret));
            ps.setTimestamp(5, Timestamp.from(clock.instant()));
            ps.setString(6, createdBy);
            if (ps.executeUpdate() == 0) {
                return false;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write api_token: " + e.getMessage(), e);
        }
        audit.record(AuditAction.TOKEN_CREATE, name, null, "role " + role.wire() + ", teams " + new TreeSet<>(teams));
        return true;
    }

    /**
     * Makes the named token an admin token with this secret, whatever it was before ({@code KAIROS_ADMIN_TOKEN}); in the
     * audit log when that changed it.
     */
    @Transactional
    public void putAdmin(String name, String secret) {
        String sql = "INSERT INTO api_token (name, role, teams, secret_hash, created_at, created_by) VALUES (?, 'admin', '{}', ?, ?, 'KAIROS_ADMIN_TOKEN')"
                + " ON CONFLICT (name) DO UPDATE SET role = 'admin', secret_hash = excluded.secret_hash"
                + " WHERE api_token.secret_hash <> excluded.secret_hash OR api_token.role <> 'admin'";
        try (Connection c = db.get().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            ps.setBytes(2, TokenSecret.hash(secret));
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            if (ps.executeUpdate() == 1) {
                audit.record(AuditAction.TOKEN_CREATE, name, null, "role admin, from KAIROS_ADMIN_TOKEN");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write api_token: " + e.getMessage(), e);
        }
    }

    public boolean exists(String name) {
        try (Connection c = db.get().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM api_token WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read api_token: " + e.getMessage(), e);
        }
    }

    public List<TokenView> list() {
        String sql = "SELECT name, role, teams, created_at, created_by FROM api_token ORDER BY name";
        try (Connection c = db.get().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            List<TokenView> all = new ArrayList<>();
            while (rs.next()) {
                all.add(new TokenView(rs.getString(1), rs.getString(2), List.copyOf(new TreeSet<>(teams(rs.getArray(3)))),
                        rs.getTimestamp(4).toInstant(), rs.getString(5)));
            }
            return all;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read api_token: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes a token, with its row in the audit log; false when there is none by that name. The last admin token is
     * kept (a conflict): without it nobody could make tokens again.
     */
    @Transactional
    public boolean revoke(String name) {
        String sql = "DELETE FROM api_token t WHERE name = ? AND (role <> 'admin'"
                + " OR EXISTS (SELECT 1 FROM api_token o WHERE o.role = 'admin' AND o.name <> t.name))";
        try (Connection c = db.get().getConnection();
             PreparedStatement lock = c.prepareStatement("SELECT name FROM api_token WHERE role = 'admin' FOR UPDATE");
             PreparedStatement ps = c.prepareStatement(sql)) {
            // two admins revoking the two last admin tokens at once: the row locks, held to the commit, make the second
            // see the first
            lock.executeQuery().close();
            ps.setString(1, name);
            if (ps.executeUpdate() == 1) {
                audit.record(AuditAction.TOKEN_REVOKE, name, null, null);
                return true;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete from api_token: " + e.getMessage(), e);
        }
        if (exists(name)) {
            throw ApiException.conflict("'" + name + "' is the last admin token: make another admin token before revoking it");
        }
        return false;
    }

    static Set<String> teams(Array array) throws SQLException {
        return array == null ? Set.of() : Set.copyOf(Arrays.asList((String[]) array.getArray()));
    }
}
