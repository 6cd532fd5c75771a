package io.kairos.bench;

import io.kairos.cluster.EmbeddedDatabase;
import io.kairos.testing.KairosProcess;
import io.kairos.testing.TestImages;
import io.restassured.http.ContentType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * How long from a slot's time until its container runs, beside a bare {@code docker run} of the
 * same image on the same machine, in one run. Kairos runs packaged (target/quarkus-app) against
 * an embedded PostgreSQL; a job fires every 2 s and we read each attempt's start from the database
 * (Kairos records it when the Docker daemon reports the container started).
 */
public final class LaunchLatencyBench {

    private LaunchLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int samples = Integer.getInteger("bench.launch.samples", 15);
        Path out = Path.of(System.getProperty("bench.out", "target/bench"));
        Files.createDirectories(out);
        String image = TestImages.busybox();

        List<Double> docker = new ArrayList<>();
        List<Double> dockerRm = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            docker.add(timeMillis("docker", "run", "-d", "--name", "kairos-bench-" + i, image, "true"));
            timeMillis("docker", "rm", "-f", "kairos-bench-" + i);
            dockerRm.add(timeMillis("docker", "run", "--rm", image, "true"));
        }

        Path work = Files.createTempDirectory("kairos-launch-bench");
        List<Double> kairos = new ArrayList<>();
        try (EmbeddedDatabase db = EmbeddedDatabase.start(work.resolve("postgres"));
             KairosProcess k = KairosProcess.start(Map.of("KAIROS_DB_URL", db.jdbcUrl(), "KAIROS_DB_USER", db.username(),
                     "KAIROS_DB_PASSWORD", db.password(), "KAIROS_DATA_DIR", work.resolve("data").toString()), out.resolve("launch-kairos.log"))) {
            given().baseUri(k.baseUrl()).contentType(ContentType.JSON).body("""
                    {"name":"launch-bench","schedule":{"cron":"*/2 * * * * *"},"container":{"image":"%s"},
                     "command":"true","resources":{"cpus":0.1,"memMb":32}}""".formatted(image))
                    .post("/api/v1/jobs").then().statusCode(201);
            Instant deadline = Instant.now().plusSeconds(samples * 2L + 60);
            while (Instant.now().isBefore(deadline)) {
                kairos = lags(db);
                if (kairos.size() >= samples + 1) {
                    break;
                }
                Thread.sleep(500);
            }
            given().baseUri(k.baseUrl()).delete("/api/v1/jobs/launch-bench").then().statusCode(204);
        }
        // the first slot may be caught while the JVM is cold: keep the warm ones
        kairos = kairos.subList(1, Math.min(kairos.size(), samples + 1));

        String report = """
                ## Slot to container start (%d samples each, same machine, same run)

                | path | median ms | p90 ms | max ms |
                | --- | ---: | ---: | ---: |
                | Kairos: slot time → container started (cron every 2 s, busybox `true`) | %.0f | %.0f | %.0f |
                | bare `docker run -d` (create + start) | %.0f | %.0f | %.0f |
                | bare `docker run --rm` (create + start + wait + remove) | %.0f | %.0f | %.0f |

                Kairos / bare `docker run -d` (median): %.2f
                """.formatted(kairos.size(), pct(kairos, 50), pct(kairos, 90), pct(kairos, 100),
                pct(docker, 50), pct(docker, 90), pct(docker, 100), pct(dockerRm, 50), pct(dockerRm, 90), pct(dockerRm, 100),
                pct(kairos, 50) / pct(docker, 50));
        Files.writeString(out.resolve("launch.md"), report);
        System.out.println(report);
    }

    private static List<Double> lags(EmbeddedDatabase db) throws Exception {
        List<Double> lags = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             ResultSet rs = c.createStatement().executeQuery("""
                     SELECT extract(epoch FROM a.started_at - r.scheduled_at) * 1000 FROM run r JOIN attempt a ON a.run_id = r.id
                     WHERE r.job_name = 'launch-bench' AND a.started_at IS NOT NULL ORDER BY r.scheduled_at""")) {
            while (rs.next()) {
                lags.add(rs.getDouble(1));
            }
        }
        return lags;
    }

    private static double timeMillis(String... command) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with " + p.exitValue());
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double pct(List<Double> xs, int p) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.isEmpty() ? Double.NaN : s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1 < 0 ? 0 : (int) Math.ceil(p / 100.0 * s.size()) - 1));
    }
}
