package io.kairos;

import io.kairos.cluster.EmbeddedDatabase;
import io.kairos.testing.Docker;
import io.kairos.testing.KairosProcess;
import io.kairos.testing.TestImages;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A DAG across a crash: Kairos is killed (SIGKILL) while one parent of a join runs in a container; the
 * container ends while no Kairos runs. The restarted Kairos records the parent's success, and the join
 * runs exactly once for that generation, then once more only when both parents have succeeded again.
 */
class DagRestartIT {

    private static EmbeddedDatabase db;
    private static Path work;

    @BeforeAll
    static void database() throws Exception {
        work = Files.createTempDirectory("kairos-dag-restart-it");
        db = EmbeddedDatabase.start(work.resolve("postgres"));
    }

    @AfterAll
    static void stopDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void a_parent_that_ends_while_kairos_is_down_triggers_its_child_once_after_the_restart() throws Exception {
        Docker.requireDocker();
        String image = TestImages.busybox();
        Map<String, String> env = Map.of(
                "KAIROS_DB_URL", db.jdbcUrl(), "KAIROS_DB_USER", db.username(), "KAIROS_DB_PASSWORD", "",
                "KAIROS_DATA_DIR", work.resolve("data").toString(),
                "KAIROS_AGENT_ID", "dag-restart-it-" + UUID.randomUUID());
        Path log = Path.of("target", "dag-restart-it.log");
        long slowRun;
        long fastRun;
        try (KairosProcess first = KairosProcess.start(env, log)) {
            create(first, """
                    {"name":"slow-parent","container":{"image":"%s"},"command":"echo started; sleep 3; echo done",
                     "resources":{"cpus":0.1,"memMb":32}}""".formatted(image));
            create(first, """
                    {"name":"fast-parent","command":"true","resources":{"cpus":0.1,"memMb":32}}""");
            create(first, """
                    {"name":"join","parents":["slow-parent","fast-parent"],"command":"echo joined",
                     "resources":{"cpus":0.1,"memMb":32}}""");
            fastRun = runNow(first, "fast-parent");
            awaitState(first, fastRun, "SUCCEEDED");
            slowRun = runNow(first, "slow-parent");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> stdout(first, slowRun).equals("started\n"));
            first.crash();
        }
        // starting Kairos again takes longer than the 3 s the container has left: it ends while none runs
        try (KairosProcess second = KairosProcess.start(env, log)) {
            awaitState(second, slowRun, "SUCCEEDED");
            assertEquals(1, run(second, slowRun).getInt("attemptCount"), "the parent's container was taken over, not rerun");

            await("the join to run").atMost(Duration.ofSeconds(60)).until(() -> joinRuns(second).size() == 1);
            long join = joinRuns(second).get(0);
            awaitState(second, join, "SUCCEEDED");
            assertEquals(List.of((int) slowRun, (int) fastRun).stream().sorted().toList(),
                    run(second, join).getList("triggeredBy.runId", Integer.class).stream().sorted().toList());
            // exactly once: nothing else arrives for this generation
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> joinRuns(second).size() == 1);

            // the generation state survived the crash: one parent again is not enough, both are
            long slowAgain = runNow(second, "slow-parent");
            awaitState(second, slowAgain, "SUCCEEDED");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> joinRuns(second).size() == 1);
            long fastAgain = runNow(second, "fast-parent");
            awaitState(second, fastAgain, "SUCCEEDED");
            await("the second generation's join").atMost(Duration.ofSeconds(60)).until(() -> joinRuns(second).size() == 2);
        }
    }

    private static void create(KairosProcess k, String json) {
        given().baseUri(k.baseUrl()).contentType(ContentType.JSON).body(json).post("/api/v1/jobs").then().statusCode(201);
    }

    private static long runNow(KairosProcess k, String job) {
        return given().baseUri(k.baseUrl()).post("/api/v1/jobs/" + job + "/runs").then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    private static JsonPath run(KairosProcess k, long run) {
        return given().baseUri(k.baseUrl()).get("/api/v1/runs/" + run).then().statusCode(200).extract().jsonPath();
    }

    private static List<Long> joinRuns(KairosProcess k) {
        return given().baseUri(k.baseUrl()).get("/api/v1/jobs/join/runs").then().statusCode(200).extract().jsonPath()
                .getList("items.id", Long.class);
    }

    private static void awaitState(KairosProcess k, long run, String state) {
        await("run " + run + " " + state).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> state.equals(run(k, run).getString("state")));
    }

    private static String stdout(KairosProcess k, long run) {
        return given().baseUri(k.baseUrl()).get("/api/v1/runs/" + run + "/log?stream=stdout").then().statusCode(200)
                .extract().path("data");
    }
}
