package io.kairos.compat;

import io.kairos.cluster.EmbeddedDatabase;
import io.kairos.spark.SparkTestApps;
import io.kairos.testing.KairosProcess;
import io.kairos.testing.SparkSubmitResource;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;

/**
 * Livy batches live in PostgreSQL: the packaged Kairos runs a real Spark batch, is killed (SIGKILL) and started again
 * on the same database, and the batch is still there with its state and driver log, beside a queued batch that is
 * still queued and can be deleted.
 */
class LivyRestartIT {

    private static EmbeddedDatabase db;
    private static Path work;

    @BeforeAll
    static void database() throws Exception {
        work = Files.createTempDirectory("kairos-livy-restart-it");
        db = EmbeddedDatabase.start(work.resolve("postgres"));
    }

    @AfterAll
    static void stopDatabase() {
        if (db != null) {
            db.close();
        }
    }

    private static Map<String, Object> piBatch(String name, String driverMemory) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("file", SparkTestApps.piJar());
        b.put("className", SparkTestApps.PI_CLASS);
        b.put("args", List.of(2));
        b.put("conf", SparkTestApps.loopbackConf());
        b.put("driverMemory", driverMemory);
        b.put("name", name);
        return b;
    }

    private static long submit(KairosProcess k, Map<String, Object> batch) {
        return given().baseUri(k.baseUrl()).contentType(ContentType.JSON).body(batch).post("/batches").then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    private static String state(KairosProcess k, long id) {
        return given().baseUri(k.baseUrl()).get("/batches/" + id + "/state").then().statusCode(200).extract().path("state");
    }

    @Test
    void batches_their_states_and_logs_survive_a_crash_of_kairos() throws Exception {
        Map<String, String> env = Map.of(
                "KAIROS_DB_URL", db.jdbcUrl(), "KAIROS_DB_USER", db.username(), "KAIROS_DB_PASSWORD", "",
                "KAIROS_DATA_DIR", work.resolve("data").toString(),
                "KAIROS_AGENT_RESOURCES", "cpus:2;mem:4096;disk:1000",
                "KAIROS_SPARK_SUBMIT", SparkSubmitResource.command());
        Path log = Path.of("target", "livy-restart-it.log");
        long done;
        long queued;
        try (KairosProcess first = KairosProcess.start(env, log)) {
            done = submit(first, piBatch("pi-before-crash", "512m"));
            queued = submit(first, piBatch("too-big", "8g")); // 8 GiB of driver never fits the 4 GiB agent
            await("batch " + done + " to end").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                    .until(() -> List.of("success", "dead", "killed").contains(state(first, done)));
            first.crash();
        }
        try (KairosProcess second = KairosProcess.start(env, log)) {
            given().baseUri(second.baseUrl()).get("/batches/" + done).then().statusCode(200)
                    .body("state", equalTo("success")).body("name", equalTo("pi-before-crash"));
            given().baseUri(second.baseUrl()).queryParam("size", -1).get("/batches/" + done + "/log").then().statusCode(200)
                    .body("log", hasItem(matchesPattern("Pi is roughly 3\\.1\\d*")));
            given().baseUri(second.baseUrl()).get("/batches").then().statusCode(200)
                    .body("total", equalTo(2)).body("sessions.id", hasItems((int) done, (int) queued));
            given().baseUri(second.baseUrl()).get("/batches/" + queued + "/state").then().statusCode(200)
                    .body("state", equalTo("not_started"));
            given().baseUri(second.baseUrl()).delete("/batches/" + queued).then().statusCode(200).body("msg", equalTo("deleted"));
            given().baseUri(second.baseUrl()).get("/api/v1/runs/" + queued).then().statusCode(200).body("state", equalTo("KILLED"));
        }
    }
}
