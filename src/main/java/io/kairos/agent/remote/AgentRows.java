package io.kairos.agent.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.allocator.AgentId;
import io.kairos.allocator.PortRanges;
import io.kairos.allocator.Resources;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code agent} table: one row per agent with its lifecycle state. Writes are optimistic: each says the
 * version it read, and a row changed meanwhile (another scheduler, a deposed leader) is refused with
 * {@link StaleRow}, for the caller to read it again and decide anew.
 */
@ApplicationScoped
class AgentRows {

    private static final String COLUMNS = "id, state, reason, hostname, cpus, mem_mb, disk_mb, gpus, ports, attributes, "
            + "registered_at, state_changed_at, version";

    /** An Instance: in the agent role the datasource is inactive, and only a lookup may refer to it. */
    private final Instance<DataSource> db;
    private final ObjectMapper json;

    AgentRows(Instance<DataSource> db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    record Row(AgentId id, AgentState state, String reason, String hostname, Resources resources,
               Map<String, String> attributes, Instant registeredAt, Instant stateChangedAt, long version) {
    }

    /** The row changed since it was read. */
    static final class StaleRow extends RuntimeException {
        StaleRow(AgentId id) {
            super("the row of agent " + id + " was changed by another writer");
        }
    }

    /** Every agent not GONE. */
    List<Row> current() {
        return query("SELECT " + COLUMNS + " FROM agent WHERE state <> 'GONE' ORDER BY id", null);
    }

    Optional<Row> find(AgentId id) {
        return query("SELECT " + COLUMNS + " FROM agent WHERE id = ?", id.value()).stream().findFirst();
    }

    /**
     * Writes the row if it is still at {@code readVersion} (null: there must be none yet).
     *
     * @return the row's new version
     * @throws StaleRow when another writer got there first
     */
    long save(Row row, Long readVersion) {
        String sql = readVersion == null
                ? "INSERT INTO agent (state, reason, hostname, cpus, mem_mb, disk_mb, gpus, ports, attributes, registered_at, "
                        + "state_changed_at, id, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, 0) ON CONFLICT (id) DO NOTHING"
                : "UPDATE agent SET state = ?, reason = ?, hostname = ?, cpus = ?, mem_mb = ?, disk_mb = ?, gpus = ?, ports = ?, "
                        + "attributes = ?::jsonb, registered_at = ?, state_changed_at = ?, version = version + 1 "
                        + "WHERE id = ? AND version = ?";
        try (Connection c = db.get().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Resources r = row.resources();
            ps.setString(1, row.state().name());
            ps.setString(2, row.reason());
            ps.setString(3, row.hostname());
            ps.setDouble(4, r.cpus());
            ps.setLong(5, r.memMb());
            ps.setLong(6, r.diskMb());
            ps.setLong(7, r.gpus());
            ps.setString(8, String.join(",", r.ports().ranges()));
            ps.setString(9, json.writeValueAsString(row.attributes()));
            ps.setTimestamp(10, row.registeredAt() == null ? null : Timestamp.from(row.registeredAt()));
            ps.setTimestamp(11, Timestamp.from(row.stateChangedAt()));
            ps.setString(12, row.id().value());
            if (readVersion != null) {
                ps.setLong(13, readVersion);
            }
            if (ps.executeUpdate() == 0) {
                throw new StaleRow(row.id());
            }
            return readVersion == null ? 0 : readVersion + 1;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("writing the row of agent " + row.id() + " failed: " + e.getMessage(), e);
        }
    }

    private List<Row> query(String sql, String id) {
        try (Connection c = db.get().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (id != null) {
                ps.setString(1, id);
            }
            List<Row> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("reading the agent rows failed: " + e.getMessage(), e);
        }
    }

    private Row row(ResultSet rs) throws SQLException, JsonProcessingException {
        String ports = rs.getString("ports");
        Resources resources = new Resources(rs.getDouble("cpus"), rs.getLong("mem_mb"), rs.getLong("disk_mb"), rs.getLong("gpus"),
                ports == null || ports.isBlank() ? PortRanges.NONE : PortRanges.parse(ports));
        Timestamp registered = rs.getTimestamp("registered_at");
        return new Row(new AgentId(rs.getString("id")), AgentState.valueOf(rs.getString("state")), rs.getString("reason"),
                rs.getString("hostname"), resources, json.readValue(rs.getString("attributes"), new TypeReference<>() { }),
                registered == null ? null : registered.toInstant(), rs.getTimestamp("state_changed_at").toInstant(),
                rs.getLong("version"));
    }
}
