package io.kairos.bench;

import io.kairos.cluster.EmbeddedDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The firing benchmark ({@code ./mvnw -Pbench verify}): N jobs due in the same second, recorded by
 * Kairos' SlotRecorder, then fired by plain Quartz with one JDBC trigger per job, on the same
 * embedded PostgreSQL in the same run (the machine is noisy; the ratio is what holds). Prints a
 * Markdown table and writes it to {@code target/bench/firing.md}.
 */
public final class FiringBench {

    private FiringBench() {
    }

    public static void main(String[] args) {
        try {
            run(BenchConfig.fromSystemProperties());
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        // Quartz and Agroal may leave non-daemon threads behind; do not let them hang the build
        System.exit(0);
    }

    private static void run(BenchConfig config) throws Exception {
        Path work = Files.createTempDirectory("kairos-bench");
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(work.resolve("postgres"))) {
            String environment = environment(pg);
            System.out.println("firing benchmark: " + config + "; " + environment);
            KairosSide.Result kairos = KairosSide.run(pg.jdbcUrl(), pg.username(), pg.password(), config.jobs(), config.rounds());
            List<QuartzPeer.Result> peers = new ArrayList<>();
            for (QuartzVariant v : config.quartzVariants()) {
                peers.add(new QuartzPeer(v, pg.port(), pg.username(), pg.password(), config.jobs(), config.quartzBound()).run());
            }
            String report = FiringReport.render(config, environment, kairos, peers);
            System.out.println();
            System.out.println(report);
            Files.createDirectories(config.outDir());
            Files.writeString(config.outDir().resolve("firing.md"), report);
            System.out.println("written to " + config.outDir().resolve("firing.md").toAbsolutePath());
        } finally {
            delete(work);
        }
    }

    private static String environment(EmbeddedDatabase pg) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
             ResultSet rs = c.createStatement().executeQuery("SHOW server_version")) {
            rs.next();
            return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                    + ", PostgreSQL " + rs.getString(1) + " on the same host";
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
