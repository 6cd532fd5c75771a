package io.kairos.testing;

import io.kairos.cluster.EmbeddedDatabase;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A PostgreSQL of its own for a test class that starts Kairos as separate processes ({@link KairosProcess}), in a
 * throw-away work directory that also holds the processes' data directories:
 * {@code @RegisterExtension static final ProcessDatabase DB = new ProcessDatabase("restart-it");}
 */
public final class ProcessDatabase implements BeforeAllCallback, AfterAllCallback {

    private final String name;
    private Path work;
    private EmbeddedDatabase db;

    public ProcessDatabase(String name) {
        this.name = name;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        work = Files.createTempDirectory("kairos-" + name);
        db = EmbeddedDatabase.start(work.resolve("postgres"));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (db != null) {
            db.close();
        }
    }

    /** Environment of a Kairos on this database with its data under {@code <work>/<dataDir>}, plus {@code extra}. */
    public Map<String, String> env(String dataDir, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of(
                "KAIROS_DB_URL", db.jdbcUrl(), "KAIROS_DB_USER", db.username(), "KAIROS_DB_PASSWORD", db.password(),
                "KAIROS_DATA_DIR", work.resolve(dataDir).toString()));
        env.putAll(extra);
        return env;
    }

    /** A folder under the work directory, e.g. an agent's data directory. */
    public Path dir(String name) {
        return work.resolve(name);
    }

    /** A connection straight to the database, for assertions on rows. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }
}
