package io.kairos.bench;

import io.kairos.cluster.EmbeddedDatabase;
import io.kairos.testing.KairosProcess;
import io.restassured.http.ContentType;
import org.flywaydb.core.Flyway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * The ops console's pages against a big history: 100,000 jobs, 2,000,000 runs over 30 days (5% failed),
 * 3,500 jobs in dependency chains and one tree of 500, 50 runs waiting. Kairos runs packaged
 * (target/quarkus-app); each page fragment the console polls is fetched over HTTP and timed.
 */
public final class ConsoleBench {

    private static final int JOBS = Integer.getInteger("bench.console.jobs", 100_000);
    private static final int RUNS = Integer.getInteger("bench.console.runs", 2_000_000);
    private static final int SAMPLES = 30;

    private ConsoleBench() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(System.getProperty("bench.out", "target/bench"));
        Files.createDirectories(out);
        Path work = Files.createTempDirectory("kairos-console-bench");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(work.resolve("postgres"))) {
            Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).locations("classpath:db/migration").load().migrate();
            long fill = System.nanoTime();
            fill(db);
            double fillSeconds = (System.nanoTime() - fill) / 1e9;
            try (KairosProcess k = KairosProcess.start(Map.of("KAIROS_DB_URL", db.jdbcUrl(), "KAIROS_DB_USER", db.username(),
                    "KAIROS_DB_PASSWORD", db.password(), "KAIROS_DATA_DIR", work.resolve("data").toString()), out.resolve("console-kairos.log"))) {
                given().baseUri(k.baseUrl()).contentType(ContentType.JSON).body("""
                        {"name":"bench-too-big","command":"true","resources":{"cpus":512,"memMb":16}}""")
                        .post("/api/v1/jobs").then().statusCode(201);
                for (int i = 0; i < 50; i++) {
                    given().baseUri(k.baseUrl()).post("/api/v1/jobs/bench-too-big/runs").then().statusCode(201);
                }
                StringBuilder md = new StringBuilder("""
                        # Console pages against a big history

                        %,d jobs, %,d runs over 30 days (5%% failed; about %,d in the last 24 h), %,d jobs with
                        dependencies, 50 runs waiting; filled in %.0f s. Each fragment the console polls, fetched %d times
                        after 3 warm-up fetches, over HTTP from the packaged application.

                        | page fragment | median | p90 | max |
                        | --- | ---: | ---: | ---: |
                        """.formatted(JOBS, RUNS, RUNS / 30, 4000, fillSeconds, SAMPLES));
                HttpClient http = HttpClient.newHttpClient();
                for (String path : List.of("/", "/dashboard/live", "/queue/live", "/agents/list", "/dag/graph",
                        "/dag/graph?job=job-5001", "/dag/graph?job=job-15", "/api/v1/queue")) {
                    List<Double> ms = time(http, k.baseUrl() + path);
                    md.append("| `%s` | %s | %s | %s |\n".formatted(path, f(pct(ms, 50)), f(pct(ms, 90)), f(ms.get(ms.size() - 1))));
                }
                Files.writeString(out.resolve("console.md"), md.toString());
                System.out.println(md);
            }
        }
    }

    private static void fill(EmbeddedDatabase db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password()); Statement s = c.createStatement()) {
            // half the jobs are scheduled, their next slots a day and more away so nothing fires during the measurement
            s.execute("""
                    INSERT INTO job (name, owner, description, command, enabled, definition, schedule_cron, schedule_timezone,
                                     next_fire_at, created_at, updated_at)
                    SELECT 'job-' || g, 'team-' || (g %% 50), 'bench job ' || g, 'true', true,
                           jsonb_build_object('name', 'job-' || g, 'command', 'true'),
                           CASE WHEN g %% 2 = 0 THEN '0 0 * * *' END, 'Europe/Berlin',
                           CASE WHEN g %% 2 = 0 THEN now() + interval '1 day' + g * interval '1 second' END, now(), now()
                    FROM generate_series(1, %d) g""".formatted(JOBS));
            s.execute("""
                    INSERT INTO run (job_id, job_name, trigger, scheduled_at, state, exit_code, attempts, created_at, started_at, finished_at)
                    SELECT j.id, j.name, 'MANUAL', t, CASE WHEN g %% 20 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END,
                           CASE WHEN g %% 20 = 0 THEN 1 ELSE 0 END, 1, t, t, t + interval '30 seconds'
                    FROM (SELECT g, (g %% %d) + 1 AS n, now() - interval '1 minute' - (g %% 2592000) * interval '1 second' AS t
                          FROM generate_series(1, %d) g) r JOIN job j ON j.name = 'job-' || r.n""".formatted(JOBS, RUNS));
            // 350 chains of 10 jobs and one binary tree of 500
            s.execute("""
                    INSERT INTO job_parent (child_id, parent_id)
                    SELECT c.id, p.id FROM generate_series(1, 3500) g
                    JOIN job c ON c.name = 'job-' || (g + 1) JOIN job p ON p.name = 'job-' || g WHERE g % 10 <> 0""");
            s.execute("""
                    INSERT INTO job_parent (child_id, parent_id)
                    SELECT c.id, p.id FROM generate_series(5002, 5500) g
                    JOIN job c ON c.name = 'job-' || g JOIN job p ON p.name = 'job-' || (5001 + (g - 5001 - 1) / 2)""");
            s.execute("VACUUM ANALYZE");
        }
    }

    private static List<Double> time(HttpClient http, String url) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).GET().build();
        for (int i = 0; i < 3; i++) {
            check(http.send(req, HttpResponse.BodyHandlers.ofString()), url);
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            long t = System.nanoTime();
            check(http.send(req, HttpResponse.BodyHandlers.ofString()), url);
            ms.add((System.nanoTime() - t) / 1e6);
        }
        Collections.sort(ms);
        return ms;
    }

    private static void check(HttpResponse<String> r, String url) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static String f(double ms) {
        return String.format(Locale.ROOT, "%.0f ms", ms);
    }
}
