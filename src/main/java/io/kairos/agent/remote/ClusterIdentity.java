package io.kairos.agent.remote;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The id of the cluster this scheduler's database is: generated once per database (V65) and never changed, so every
 * scheduler of one cluster gives its agents the same one. It is read at the first registration and kept.
 */
@ApplicationScoped
class ClusterIdentity {

    /** An Instance: in the agent role the datasource is inactive, and only a lookup may refer to it. */
    private final Instance<DataSource> db;
    private volatile String id;

    ClusterIdentity(Instance<DataSource> db) {
        this.db = db;
    }

    String id() {
        String known = id;
        if (known == null) {
            known = read();
            id = known;
        }
        return known;
    }

    private String read() {
        try (Connection c = db.get().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM cluster_identity")) {
            if (!rs.next()) {
                throw new IllegalStateException("cluster_identity has no row: the V65 migration did not run");
            }
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the cluster id: " + e.getMessage(), e);
        }
    }
}
