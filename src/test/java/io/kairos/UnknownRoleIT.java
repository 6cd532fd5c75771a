package io.kairos;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A typo in KAIROS_ROLE must not start a scheduler: the packaged Kairos refuses it at once, naming the valid roles. */
class UnknownRoleIT {

    @Test
    void an_unknown_role_refuses_to_start_naming_the_valid_ones() throws Exception {
        Path dataDir = Files.createTempDirectory("kairos-unknown-role");
        Path log = Path.of("target", "unknown-role-it.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("kairos.jar", "target/quarkus-app/quarkus-run.jar"));
        pb.environment().put("KAIROS_ROLE", "schedulr");
        pb.environment().put("KAIROS_DATA_DIR", dataDir.toString());
        pb.environment().put("KAIROS_HTTP_PORT", "0");
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        boolean exited = p.waitFor(30, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly().waitFor();
        }
        String out = Files.readString(log);
        assertTrue(exited, "Kairos kept running with KAIROS_ROLE=schedulr:\n" + out);
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("'schedulr'") && out.contains("standalone, scheduler, agent"), out);
        assertFalse(Files.exists(dataDir.resolve("postgres")), "no embedded database was started for it");
    }
}
