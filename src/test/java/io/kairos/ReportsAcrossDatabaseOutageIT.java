package io.kairos;

import io.kairos.testing.KairosProcess;
import io.kairos.testing.ProcessDatabase;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL goes away while a task runs, and the task ends during the outage. Its agent's report lane keeps
 * trying that FINISHED with back-off (no thread held meanwhile) and applies it once the database is back — well
 * before the agent would send it again on its own (after lost-after, 30 s here).
 */
class ReportsAcrossDatabaseOutageIT {

    @RegisterExtension
    static final ProcessDatabase DB = new ProcessDatabase("db-outage-it");

    @Test
    void a_task_that_ends_while_the_database_is_away_is_recorded_soon_after_it_is_back() throws Exception {
        Map<String, String> env = DB.env("data", Map.of("KAIROS_AGENT_ID", "local-outage-it", "KAIROS_AGENT_LOST_AFTER", "30s"));
        try (KairosProcess k = KairosProcess.start(env, Path.of("target", "db-outage-it.log"))) {
            given().baseUri(k.baseUrl()).contentType(ContentType.JSON)
                    .body("{\"name\":\"outage\",\"command\":\"sleep 3; echo done\",\"resources\":{\"cpus\":0.1,\"memMb\":16}}")
                    .post("/api/v1/jobs").then().statusCode(201);
            long run = given().baseUri(k.baseUrl()).post("/api/v1/jobs/outage/runs").then().statusCode(201).extract().jsonPath().getLong("id");
            await().atMost(Duration.ofSeconds(30)).until(() -> "RUNNING".equals(run(k, run).getString("state")));

            int port;
            try (var c = DB.connect()) {
                port = URI.create(c.getMetaData().getURL().substring(5)).getPort();
            }
            pgCtl(port, "stop", "-m", "immediate");
            // the outage, longer than the task: it ends while nothing can be written (deliberate, as in RestartIT)
            Thread.sleep(6_000);
            pgCtl(port, "start");
            Instant back = Instant.now();

            await("the end recorded").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> "SUCCEEDED".equals(run(k, run).getString("state")));
            assertTrue(Duration.between(back, Instant.now()).compareTo(Duration.ofSeconds(20)) < 0,
                    "applied by the lane's retry, not by the agent's re-send after lost-after");
            JsonPath r = run(k, run);
            assertEquals(1, r.getInt("attemptCount"));
            assertFalse(Instant.parse(r.getString("startedAt")).isAfter(Instant.parse(r.getString("finishedAt"))));
            assertEquals("done\n", given().baseUri(k.baseUrl()).get("/api/v1/runs/" + run + "/log?stream=stdout").then()
                    .statusCode(200).extract().path("data"));
        }
    }

    private static JsonPath run(KairosProcess k, long run) {
        return given().baseUri(k.baseUrl()).get("/api/v1/runs/" + run).then().statusCode(200).extract().jsonPath();
    }

    /** pg_ctl of the test's own embedded server, on its data directory and port. */
    private static void pgCtl(int port, String... args) throws IOException, InterruptedException {
        Path pgCtl;
        try (Stream<Path> files = Files.walk(DB.dir(".postgres-binaries"))) {
            pgCtl = files.filter(p -> p.getFileName().toString().equals("pg_ctl")).findFirst().orElseThrow();
        }
        Path data = DB.dir("postgres");
        List<String> cmd = new java.util.ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            // as EmbeddedDatabase does: PostgreSQL refuses root, a user namespace gives it an ordinary uid
            cmd.addAll(List.of("unshare", "--user", "--map-user=1000", "--map-group=1000"));
        }
        cmd.addAll(List.of(pgCtl.toString(), "-D", data.toString(), "-w", "-t", "60"));
        cmd.addAll(List.of(args));
        if (args[0].equals("start")) {
            cmd.addAll(List.of("-l", data.resolve("server.log").toString(), "-o",
                    "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200 -c timezone=UTC"));
        }
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS) && p.exitValue() == 0, "pg_ctl " + String.join(" ", args));
    }
}
