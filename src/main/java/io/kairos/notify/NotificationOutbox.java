package io.kairos.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The sender's side of {@code notification_outbox}, in plain JDBC, one auto-committed statement per
 * call, so no transaction is open while a target is being talked to.
 */
@ApplicationScoped
public class NotificationOutbox {

    /** A claimed row: {@code attempt} is this try's number and fences its outcome against a later claim. */
    public record Due(long id, String channel, String target, String payload, int attempt) {
    }

    // SKIP LOCKED lets schedulers claim side by side; the lease in next_attempt_at keeps the row from
    // others while it is being delivered, and hands it on when its sender died
    private static final String CLAIM = """
            UPDATE notification_outbox SET attempts = attempts + 1, next_attempt_at = ?, version = version + 1
            WHERE id IN (SELECT id FROM notification_outbox WHERE state = 'PENDING' AND next_attempt_at <= ?
                         ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED)
            RETURNING id, channel, target::text, payload::text, attempts""";

    private final Instance<DataSource> db;

    NotificationOutbox(Instance<DataSource> db) {
        this.db = db;
    }

    public List<Due> claim(int max, Instant now, Instant leaseEnd) throws SQLException {
        List<Due> out = new ArrayList<>();
        try (Connection c = db.get().getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setTimestamp(1, Timestamp.from(leaseEnd));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setInt(3, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Due(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)));
                }
            }
        }
        return out;
    }

    public void delivered(Due d, Instant at) throws SQLException {
        update("UPDATE notification_outbox SET state = 'DELIVERED', delivered_at = ?, last_error = NULL, version = version + 1"
                + " WHERE id = ? AND state = 'PENDING'", ps -> {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setLong(2, d.id());
        });
    }

    /** @param retryAt null when that was the last try: the row is FAILED for good */
    public void failed(Due d, String error, Instant retryAt) throws SQLException {
        update("UPDATE notification_outbox SET last_error = ?, state = ?, next_attempt_at = coalesce(?, next_attempt_at),"
                + " version = version + 1 WHERE id = ? AND state = 'PENDING' AND attempts = ?", ps -> {
            ps.setString(1, error.length() > 2000 ? error.substring(0, 2000) : error);
            ps.setString(2, retryAt == null ? "FAILED" : "PENDING");
            ps.setTimestamp(3, retryAt == null ? null : Timestamp.from(retryAt));
            ps.setLong(4, d.id());
            ps.setInt(5, d.attempt());
        });
    }

    public List<DeliveryView> ofRun(long runId, ObjectMapper json) throws SQLException, IOException {
        List<DeliveryView> out = new ArrayList<>();
        try (Connection c = db.get().getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT id, event, channel, target::text, state, attempts, last_error, next_attempt_at, created_at, delivered_at
                FROM notification_outbox WHERE run_id = ? ORDER BY id""")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String state = rs.getString(5);
                    out.add(new DeliveryView(rs.getLong(1), rs.getString(2), rs.getString(3), json.readTree(rs.getString(4)),
                            state, rs.getInt(6), rs.getString(7), state.equals("PENDING") ? instant(rs, 8) : null,
                            instant(rs, 9), instant(rs, 10)));
                }
            }
        }
        return out;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void update(String sql, Binder binder) throws SQLException {
        try (Connection c = db.get().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        }
    }
}
