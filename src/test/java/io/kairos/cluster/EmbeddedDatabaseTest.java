package io.kairos.cluster;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded PostgreSQL accepts only its generated password (issue 11: it trusted every local connection as
 * superuser), keeps it across restarts in a file only its owner reads, and closes a data directory made before.
 */
class EmbeddedDatabaseTest {

    private static boolean accepts(EmbeddedDatabase db, String password) {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), password)) {
            return c.isValid(5);
        } catch (SQLException refused) {
            return false;
        }
    }

    @Test
    void only_the_generated_password_gets_in_and_it_survives_a_restart() throws Exception {
        Path dir = Files.createTempDirectory("kairos-embedded-pw").resolve("postgres");
        String password;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir)) {
            password = db.password();
            assertTrue(password.length() >= 32, "a long random password");
            assertFalse(accepts(db, ""), "no password");
            assertFalse(accepts(db, "postgres"), "a guessed password");
            assertTrue(accepts(db, password));
            Path file = EmbeddedDatabase.passwordFile(dir);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        try (EmbeddedDatabase again = EmbeddedDatabase.start(dir)) {
            assertEquals(password, again.password());
            assertTrue(accepts(again, password));
            assertFalse(accepts(again, ""));
        }
    }

    @Test
    void a_data_directory_that_trusted_everyone_is_closed_at_its_next_start() throws Exception {
        Path dir = Files.createTempDirectory("kairos-embedded-old").resolve("postgres");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir)) {
            assertTrue(accepts(db, db.password()));
        }
        // as a data directory made by an earlier Kairos: every connection trusted, no password file
        Path hba = dir.resolve("pg_hba.conf");
        Files.writeString(hba, Files.readString(hba).replace("scram-sha-256", "trust"));
        Files.delete(EmbeddedDatabase.passwordFile(dir));
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir)) {
            assertFalse(accepts(db, ""), "trust is gone");
            assertTrue(accepts(db, db.password()));
            assertThrows(SQLException.class, () -> DriverManager.getConnection(db.jdbcUrl(), db.username(), "wrong").close());
        }
    }
}
