package io.kairos.agent.remote;

import io.kairos.security.AuditAction;
import io.kairos.security.AuditLog;
import io.kairos.security.TokenSecret;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Per-agent tokens ({@code agent_token}): a secret an admin made for one agent id, shared by every scheduler. Beside
 * the shared join token, it lets an operator give each host its own secret, and revoke one host without touching the
 * others; an agent admitted by it may register only under its own id. Plain JDBC, as {@code TokenStore}: it is read on
 * a handshake, before any request scope.
 */
@ApplicationScoped
public class AgentTokens {

    /** What {@code GET /api/v1/agent-tokens} shows: never the secret. */
    public record AgentTokenView(String agent, Instant createdAt, String createdBy) {
    }

    private final Instance<DataSource> db;
    private final Clock clock;
    private final AuditLog audit;

    AgentTokens(Instance<DataSource> db, Clock clock, AuditLog audit) {
        this.db = db;
        this.clock = clock;
        this.audit = audit;
    }

    /** The agent id this secret was made for; empty when it is nobody's. Blocking: call off the event loop. */
    public Optional<String> agentOf(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        try (Connection c = db.get().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT agent_id FROM agent_token WHERE secret_hash = ?")) {
            ps.setBytes(1, TokenSecret.hash(secret));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read agent_token: " + e.getMessage(), e);
        }
    }

    /** Stores the token of {@code agent}, with its audit row; false when that agent has one already. */
    @Transactional
    public boolean insert(String agent, String secret, String createdBy) {
        String sql = "INSERT INTO agent_token (agent_id, secret_hash, created_at, created_by) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (agent_id) DO NOTHING";
        try (Connection c = db.get().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, agent);
            ps.setBytes(2, TokenSecret.hash(secret));
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            ps.setString(4, createdBy);
            if (ps.executeUpdate() == 0) {
                return false;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write agent_token: " + e.getMessage(), e);
        }
        audit.record(AuditAction.AGENT_TOKEN_CREATE, agent, null, null);
        return true;
    }

    public List<AgentTokenView> list() {
        String sql = "SELECT agent_id, created_at, created_by FROM agent_token ORDER BY agent_id";
        try (Connection c = db.get().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            List<AgentTokenView> all = new ArrayList<>();
            while (rs.next()) {
                all.add(new AgentTokenView(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3)));
            }
            return all;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read agent_token: " + e.getMessage(), e);
        }
    }

    /** Deletes the token of {@code agent}, with its audit row; false when it has none. */
    @Transactional
    public boolean revoke(String agent) {
        try (Connection c = db.get().getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM agent_token WHERE agent_id = ?")) {
            ps.setString(1, agent);
            if (ps.executeUpdate() == 0) {
                return false;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete from agent_token: " + e.getMessage(), e);
        }
        audit.record(AuditAction.AGENT_TOKEN_REVOKE, agent, null, null);
        return true;
    }
}
