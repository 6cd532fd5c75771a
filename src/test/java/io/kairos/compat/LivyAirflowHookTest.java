package io.kairos.compat;

import io.kairos.spark.SparkTestApps;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Airflow's LivyOperator through its LivyHook (apache-airflow-providers-apache-livy), call by call as the hook makes
 * them, with the hook's own headers and bodies, each answer checked for what the hook reads from it (issue 13):
 * {@code post_batch} (POST /batches, reads {@code id}), {@code get_batch_state} until a terminal state (reads
 * {@code state} into its {@code BatchState} enum), {@code dump_batch_logs} (pages {@code log?from=&size=100} while
 * {@code from <= total}), {@code get_batch} (reads {@code appId}), and {@code delete_batch} on kill.
 */
@QuarkusTest
class LivyAirflowHookTest {

    /** The hook's {@code BatchState} values: any other state makes its {@code BatchState(...)} raise. */
    private static final Set<String> BATCH_STATES = Set.of("not_started", "starting", "running", "idle", "busy",
            "shutting_down", "error", "dead", "killed", "success");
    private static final Set<String> TERMINAL = Set.of("success", "dead", "killed", "error");

    /**
     * The requests session the hook opens: its {@code _def_headers} on every call (a GET too carries the JSON content
     * type), and what python-requests adds; no charset appended to the content type, as requests appends none.
     */
    private static RequestSpecification hook() {
        return RestAssured.given()
                .config(RestAssuredConfig.config().encoderConfig(EncoderConfig.encoderConfig()
                        .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", "python-requests/2.32.3")
                .header("Accept-Encoding", "gzip, deflate");
    }

    /** {@code json.dumps(LivyHook.build_post_batch_body(...))}: its key order, its separators, templated numbers as text. */
    private static String postBatchBody(String file, String name) {
        return ("{\"file\": \"%s\", \"className\": \"%s\", \"args\": [\"2\"], \"driverMemory\": \"512m\", \"driverCores\": \"1\", "
                + "\"executorMemory\": \"512m\", \"executorCores\": \"1\", \"numExecutors\": \"1\", \"name\": \"%s\", "
                + "\"conf\": {\"spark.ui.enabled\": \"false\", \"spark.driver.host\": \"127.0.0.1\", "
                + "\"spark.driver.bindAddress\": \"127.0.0.1\"}}").formatted(file, SparkTestApps.PI_CLASS, name);
    }

    /** {@code post_batch}: raise_for_status, then {@code response.json().get("id")}. */
    private static long postBatch(String body) {
        Response r = hook().body(body).post("/batches");
        assertEquals(201, r.statusCode(), r.asString());
        Object id = r.jsonPath().get("id");
        assertTrue(id instanceof Integer || id instanceof Long, "the hook needs a numeric id: " + r.asString());
        return ((Number) id).longValue();
    }

    /** {@code get_batch_state}: raise_for_status, {@code "state" in jresp}, {@code BatchState(jresp["state"])}. */
    private static String batchState(long id) {
        Response r = hook().get("/batches/" + id + "/state");
        assertEquals(200, r.statusCode(), r.asString());
        String state = r.jsonPath().getString("state");
        assertTrue(BATCH_STATES.contains(state), "not one of the hook's BatchState values: " + state);
        return state;
    }

    /** {@code poll_for_termination}: the state until it is one of the hook's TERMINAL_STATES. */
    private static String pollForTermination(long id) {
        AtomicReference<String> state = new AtomicReference<>();
        await("batch " + id + " to end").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> TERMINAL.contains(state.updateAndGet(s -> batchState(id))));
        return state.get();
    }

    /** {@code dump_batch_logs}: the hook's loop, exactly; returns the lines it would print. */
    private static List<String> dumpBatchLogs(long id) {
        List<String> printed = new ArrayList<>();
        int logStartLine = 0;
        int logTotalLines = 0;
        int logBatchSize = 100;
        int calls = 0;
        while (logStartLine <= logTotalLines) {
            // get_batch_logs: a GET, so requests puts its data {"from", "size"} in the query string
            Response r = hook().queryParam("from", logStartLine).queryParam("size", logBatchSize).get("/batches/" + id + "/log");
            assertEquals(200, r.statusCode(), r.asString());
            JsonPath json = r.jsonPath();
            logTotalLines = json.getInt("total");
            logStartLine += logBatchSize;
            printed.addAll(json.getList("log", String.class));
            assertTrue(++calls < 1000, "the hook's loop must end");
        }
        return printed;
    }

    /** {@code get_batch(...)["appId"]}: the key must be there (a KeyError fails the task otherwise), null or not. */
    private static void getBatchAppId(long id) {
        Response r = hook().get("/batches/" + id);
        assertEquals(200, r.statusCode(), r.asString());
        assertTrue(r.jsonPath().getMap("$").containsKey("appId"), r.asString());
    }

    /** {@code delete_batch}: raise_for_status, {@code response.json()}. */
    private static void deleteBatch(long id) {
        hook().delete("/batches/" + id).then().statusCode(200).body("msg", equalTo("deleted"));
    }

    @Test
    void the_livy_operators_calls_run_a_batch_to_success_and_print_its_whole_log() {
        long id = postBatch(postBatchBody(SparkTestApps.piJar(), "airflow-pi"));
        String state = pollForTermination(id);
        List<String> printed = dumpBatchLogs(id);
        assertEquals("success", state, String.join("\n", printed));
        // every line once, in order: what the log answers whole
        List<String> whole = hook().queryParam("size", -1).get("/batches/" + id + "/log").jsonPath().getList("log", String.class);
        assertEquals(whole, printed);
        assertThat(printed, hasItem(matchesPattern("Pi is roughly 3\\.1\\d*")));
        getBatchAppId(id);
        // the operator's templated numbers reached spark-submit as numbers
        String job = RestAssured.get("/api/v1/runs/" + id).then().extract().path("job");
        RestAssured.get("/api/v1/jobs/" + job).then().statusCode(200)
                .body("spark.numExecutors", equalTo(1)).body("spark.executorCores", equalTo(1))
                .body("spark.conf.'spark.driver.cores'", equalTo("1"));
        deleteBatch(id);
    }

    @Test
    void a_batch_that_fails_prints_kairos_reason_in_the_airflow_task_log() {
        long id = postBatch(postBatchBody("/tmp/kairos-no-such-app-" + System.nanoTime() + ".jar", "airflow-missing-app"));
        assertEquals("dead", pollForTermination(id));
        List<String> printed = dumpBatchLogs(id); // the operator dumps the log, then raises "did not succeed"
        assertThat(printed, hasItem(LivyLog.DIAGNOSTICS));
        assertThat(printed.get(printed.size() - 1 - (printed.get(printed.size() - 1).startsWith("attempt ") ? 1 : 0)),
                startsWith("failed"));
        deleteBatch(id);
    }

    @Test
    void killing_the_task_deletes_a_batch_that_waits_and_its_log_said_why() {
        String body = postBatchBody(SparkTestApps.piJar(), "airflow-too-big").replace("\"driverMemory\": \"512m\"",
                "\"driverMemory\": \"8g\""); // more than the test agent has: it waits
        long id = postBatch(body);
        assertEquals("not_started", batchState(id));
        await("the wait's reason in the log").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> dumpBatchLogs(id).stream().anyMatch(l -> l.startsWith("waiting for resources: ")));
        deleteBatch(id); // LivyOperator.on_kill
        hook().get("/batches/" + id + "/state").then().statusCode(404).body("msg", equalTo("no batch with id " + id));
    }
}
