package io.kairos.cluster;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.nio.file.Path;

/**
 * Entry point. A scheduler (standalone or not) without {@code KAIROS_DB_URL} gets an embedded
 * PostgreSQL under {@code KAIROS_DATA_DIR}, started here because Quarkus reads the datasource URL
 * when it boots: the URL must exist before {@link Quarkus#run} is called. An agent has no database: it runs
 * with the {@code agent} configuration profile.
 */
@QuarkusMain
public final class KairosMain {

    public static void main(String... args) {
        ProcessRole role;
        try {
            role = ProcessRole.parse(setting("kairos.role", "KAIROS_ROLE", "standalone"));
        } catch (IllegalArgumentException e) {
            System.err.println("Kairos does not start: " + e.getMessage());
            System.exit(2);
            return;
        }
        boolean needsDatabase = role.schedules();
        if (!needsDatabase && setting("quarkus.profile", "QUARKUS_PROFILE", null) == null) {
            // %agent.* in application.properties switches the database, ORM, Flyway and Quartz off
            System.setProperty("quarkus.profile", "agent");
        }
        if (role != ProcessRole.STANDALONE && setting("quarkus.http.host", "KAIROS_HTTP_HOST", null) == null) {
            // a scheduler in a cluster is reached by agents and peers; only the laptop start serves loopback alone
            System.setProperty("quarkus.http.host", "0.0.0.0");
        }
        boolean configured = setting("quarkus.datasource.jdbc.url", "KAIROS_DB_URL", null) != null;
        if (needsDatabase && !configured) {
            Path dataDir = Path.of(setting("kairos.data-dir", "KAIROS_DATA_DIR", "./data"));
            EmbeddedDatabase db = EmbeddedDatabase.start(dataDir.resolve("postgres"));
            System.setProperty("quarkus.datasource.jdbc.url", db.jdbcUrl());
            System.setProperty("quarkus.datasource.username", db.username());
            System.setProperty("quarkus.datasource.password", db.password());
        }
        Quarkus.run(args);
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
