package io.kairos.run;

import io.kairos.testing.Docker;
import io.kairos.testing.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole path through the real parts: REST, PostgreSQL, Quartz firing, dispatcher, agent, Docker daemon. */
@QuarkusTest
class RunsEndToEndTest {

    private static String image;

    @BeforeAll
    static void docker() {
        Docker.requireDocker();
        image = TestImages.busybox();
    }

    private static void createJob(String json) {
        given().contentType(ContentType.JSON).body(json).post("/api/v1/jobs").then().statusCode(201);
    }

    private static long runNow(String job) {
        return given().post("/api/v1/jobs/" + job + "/runs").then().statusCode(201)
                .body("state", equalTo("PENDING")).extract().jsonPath().getLong("id");
    }

    private static String stateOf(long run) {
        return given().get("/api/v1/runs/" + run).then().statusCode(200).extract().path("state");
    }

    private static String awaitEnd(long run) {
        await("run " + run + " to end").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> RunState.valueOf(stateOf(run)).isTerminal());
        return stateOf(run);
    }

    private static String log(long run, String stream) {
        return given().get("/api/v1/runs/" + run + "/log?stream=" + stream).then().statusCode(200).extract().path("data");
    }

    @Test
    void a_job_scheduled_a_few_seconds_ahead_fires_runs_echo_in_busybox_and_its_output_is_readable() {
        Instant slot = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        createJob("""
                {"name":"e2e-scheduled","schedule":{"iso8601":"R1/%s/PT1M"},
                 "container":{"image":"%s"},"command":"echo hello from $KAIROS_JOB_NAME at $KAIROS_SCHEDULED_TIME",
                 "resources":{"cpus":0.1,"memMb":32}}""".formatted(slot, image));
        await("the slot to be recorded").atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/api/v1/jobs/e2e-scheduled/runs").then().extract().<Integer>path("total") == 1);
        long run = given().get("/api/v1/jobs/e2e-scheduled/runs").then().extract().jsonPath().getLong("items[0].id");
        assertEquals("SUCCEEDED", awaitEnd(run));
        given().get("/api/v1/runs/" + run).then()
                .body("trigger", equalTo("SCHEDULE"))
                .body("scheduledAt", equalTo(slot.toString()))
                .body("exitCode", equalTo(0))
                .body("containerId", notNullValue())
                .body("agentId", notNullValue())
                .body("attempts[0].state", equalTo("FINISHED"));
        assertEquals("hello from e2e-scheduled at " + slot + "\n", log(run, "stdout"));
        given().get("/api/v1/runs/" + run + "/log").then().body("complete", equalTo(true));
    }

    @Test
    void a_failing_command_ends_failed_with_its_exit_code_and_stderr() {
        createJob("""
                {"name":"e2e-fails","container":{"image":"%s"},"command":"echo broken >&2; exit 3","resources":{"cpus":0.1,"memMb":32}}"""
                .formatted(image));
        long run = runNow("e2e-fails");
        assertEquals("FAILED", awaitEnd(run));
        given().get("/api/v1/runs/" + run).then().body("exitCode", equalTo(3)).body("reason", containsString("3"))
                .body("attempts[0].state", equalTo("FAILED"));
        assertEquals("broken\n", log(run, "stderr"));
    }

    @Test
    void a_killed_run_ends_killed_and_leaves_no_container_behind() {
        createJob("""
                {"name":"e2e-kill","container":{"image":"%s"},"command":"echo started; sleep 300","resources":{"cpus":0.1,"memMb":32}}"""
                .formatted(image));
        long run = runNow("e2e-kill");
        await().atMost(Duration.ofSeconds(30)).until(() -> stateOf(run).equals("RUNNING"));
        String container = given().get("/api/v1/runs/" + run).then().extract().path("containerId");
        given().post("/api/v1/runs/" + run + "/kill").then().statusCode(200);
        assertEquals("KILLED", awaitEnd(run));
        long taskId = given().get("/api/v1/runs/" + run).then().extract().jsonPath().getLong("attempts[0].id");
        assertTrue(Docker.containersLabelled("io.kairos.task-id", Long.toString(taskId)).isEmpty(),
                "container " + container + " must be removed");
        given().post("/api/v1/runs/" + run + "/kill").then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void output_is_readable_while_the_run_is_still_going() {
        createJob("""
                {"name":"e2e-live","container":{"image":"%s"},"command":"echo first; sleep 4; echo second","resources":{"cpus":0.1,"memMb":32}}"""
                .formatted(image));
        long run = runNow("e2e-live");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> log(run, "stdout").contains("first"));
        assertEquals("RUNNING", stateOf(run), "the first line must be readable before the run ends");
        given().get("/api/v1/runs/" + run + "/log").then().body("complete", equalTo(false));
        assertEquals("SUCCEEDED", awaitEnd(run));
        assertEquals("first\nsecond\n", log(run, "stdout"));
        // reading on from an offset returns only what came after it
        given().get("/api/v1/runs/" + run + "/log?offset=6").then().body("data", equalTo("second\n")).body("nextOffset", equalTo(13));
    }

    @Test
    void a_job_without_a_container_runs_as_a_plain_process() {
        createJob("{\"name\":\"e2e-process\",\"args\":[\"echo\",\"no shell: $HOME\"],\"resources\":{\"cpus\":0.1,\"memMb\":32}}");
        long run = runNow("e2e-process");
        assertEquals("SUCCEEDED", awaitEnd(run));
        assertEquals("no shell: $HOME\n", log(run, "stdout"));
        given().get("/api/v1/runs/" + run).then().body("containerId", containsString("pid:"));
    }

    @Test
    void a_run_too_big_for_any_agent_waits_and_says_why() {
        createJob("{\"name\":\"e2e-huge\",\"command\":\"true\",\"resources\":{\"cpus\":1000,\"memMb\":32}}");
        long run = runNow("e2e-huge");
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            String reason = given().get("/api/v1/runs/" + run).then().extract().path("waitingFor");
            return reason != null && reason.startsWith("needs 1000.00 cpus; largest free agent has");
        });
        assertEquals("PENDING", stateOf(run));
        given().post("/api/v1/runs/" + run + "/kill").then().statusCode(200).body("state", equalTo("KILLED"));
    }

    @Test
    void a_missing_image_fails_the_run_with_the_image_named() {
        createJob("{\"name\":\"e2e-noimage\",\"container\":{\"image\":\"local/does-not-exist:1\"},\"command\":\"true\"}");
        long run = runNow("e2e-noimage");
        assertEquals("FAILED", awaitEnd(run));
        given().get("/api/v1/runs/" + run).then().body("reason", containsString("local/does-not-exist:1"))
                .body("attempts[0].state", equalTo("ERROR"));
    }

    @Test
    void deleting_a_job_kills_its_running_run_and_gives_its_resources_back() {
        // each run takes the whole test agent (2 cpus), so the second can only start once the first is gone
        createJob("""
                {"name":"e2e-delete","container":{"image":"%s"},"command":"sleep 300","resources":{"cpus":2,"memMb":32}}"""
                .formatted(image));
        createJob("""
                {"name":"e2e-after-delete","container":{"image":"%s"},"command":"echo ok","resources":{"cpus":2,"memMb":32}}"""
                .formatted(image));
        long run = runNow("e2e-delete");
        await().atMost(Duration.ofSeconds(30)).until(() -> stateOf(run).equals("RUNNING"));
        long taskId = given().get("/api/v1/runs/" + run).then().extract().jsonPath().getLong("attempts[0].id");
        given().delete("/api/v1/jobs/e2e-delete").then().statusCode(204);
        given().get("/api/v1/runs/" + run).then().statusCode(404);
        await().atMost(Duration.ofSeconds(30)).until(() -> Docker.containersLabelled("io.kairos.task-id", Long.toString(taskId)).isEmpty());
        long next = runNow("e2e-after-delete");
        assertEquals("SUCCEEDED", awaitEnd(next));
    }
}
