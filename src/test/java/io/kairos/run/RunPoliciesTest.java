package io.kairos.run;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries with backoff, timeouts, concurrency policies and overdue runs, through real runs of plain processes. */
@QuarkusTest
class RunPoliciesTest {

    private static void createJob(String json) {
        given().contentType(ContentType.JSON).body(json).post("/api/v1/jobs").then().statusCode(201);
    }

    private static long runNow(String job) {
        return given().post("/api/v1/jobs/" + job + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static JsonPath run(long id) {
        return given().get("/api/v1/runs/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static String awaitEnd(long id, Duration within) {
        await("run " + id + " to end").atMost(within).pollInterval(Duration.ofMillis(200))
                .until(() -> RunState.valueOf(run(id).getString("state")).isTerminal());
        return run(id).getString("state");
    }

    @Test
    void a_failing_run_is_retried_with_growing_backoff_until_retries_are_exhausted() {
        createJob("""
                {"name":"policy-retries","command":"exit 3","resources":{"cpus":0.1,"memMb":16},
                 "retries":{"max":2,"backoffSeconds":1,"backoffFactor":2.0,"maxBackoffSeconds":60}}""");
        long id = runNow("policy-retries");
        assertEquals("FAILED", awaitEnd(id, Duration.ofSeconds(40)));
        JsonPath r = run(id);
        assertEquals(3, r.getInt("attemptCount"));
        assertEquals(3, r.getInt("failures"));
        assertEquals("exited with code 3 (retries exhausted: 2)", r.getString("reason"));
        List<Map<String, Object>> attempts = r.getList("attempts");
        Duration firstWait = Duration.between(Instant.parse((String) attempts.get(0).get("finishedAt")), Instant.parse((String) attempts.get(1).get("createdAt")));
        Duration secondWait = Duration.between(Instant.parse((String) attempts.get(1).get("finishedAt")), Instant.parse((String) attempts.get(2).get("createdAt")));
        assertTrue(firstWait.compareTo(Duration.ofMillis(1000)) >= 0 && firstWait.compareTo(Duration.ofMillis(2900)) < 0, "first backoff 1 s: " + firstWait);
        assertTrue(secondWait.compareTo(Duration.ofMillis(2000)) >= 0 && secondWait.compareTo(Duration.ofMillis(3900)) < 0, "second backoff 2 s: " + secondWait);
    }

    @Test
    void a_run_that_fails_once_succeeds_on_its_retry() {
        createJob("""
                {"name":"policy-flaky","command":"f=/tmp/kairos-flaky-$KAIROS_RUN_ID; if [ -f $f ]; then rm $f; exit 0; fi; touch $f; exit 1",
                 "resources":{"cpus":0.1,"memMb":16},"retries":{"max":3,"backoffSeconds":0}}""");
        long id = runNow("policy-flaky");
        assertEquals("SUCCEEDED", awaitEnd(id, Duration.ofSeconds(30)));
        assertEquals(2, run(id).getInt("attemptCount"));
        assertEquals("FAILED", run(id).getString("attempts[0].state"));
        assertEquals("FINISHED", run(id).getString("attempts[1].state"));
    }

    @Test
    void an_attempt_past_its_timeout_is_killed_and_the_run_ends_timed_out() {
        createJob("""
                {"name":"policy-timeout","command":"sleep 60","timeoutSeconds":1,"resources":{"cpus":0.1,"memMb":16}}""");
        long id = runNow("policy-timeout");
        assertEquals("TIMED_OUT", awaitEnd(id, Duration.ofSeconds(30)));
        assertEquals("KILLED", run(id).getString("attempts[0].state"));
        assertTrue(run(id).getString("reason").contains("timed out") || run(id).getString("reason").contains("timeoutSeconds=1"),
                run(id).getString("reason"));
    }

    @Test
    void a_timed_out_attempt_is_retried_when_the_policy_says_so() {
        createJob("""
                {"name":"policy-timeout-retry","command":"sleep 60","timeoutSeconds":1,"retries":{"max":1,"backoffSeconds":0},
                 "resources":{"cpus":0.1,"memMb":16}}""");
        long id = runNow("policy-timeout-retry");
        assertEquals("TIMED_OUT", awaitEnd(id, Duration.ofSeconds(40)));
        assertEquals(2, run(id).getInt("attemptCount"));
    }

    @Test
    void forbid_skips_slots_while_the_previous_run_is_still_going() {
        createJob("""
                {"name":"policy-forbid","command":"sleep 5","concurrencyPolicy":"FORBID","schedule":{"cron":"* * * * * *"},
                 "resources":{"cpus":0.1,"memMb":16}}""");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/jobs/policy-forbid/runs?size=100").then().extract()
                .jsonPath().getList("items.findAll { it.state == 'SKIPPED' }").size() >= 2);
        JsonPath runs = given().get("/api/v1/jobs/policy-forbid/runs?size=100").then().extract().jsonPath();
        given().contentType(ContentType.JSON).body("{\"name\":\"policy-forbid\",\"command\":\"true\",\"enabled\":false}").put("/api/v1/jobs/policy-forbid");
        assertTrue(runs.getList("items.findAll { it.state == 'RUNNING' }").size() <= 1, "never two at once");
        assertTrue(runs.getString("items.find { it.state == 'SKIPPED' }.reason").startsWith("concurrencyPolicy=FORBID"));
        runs.getList("items.findAll { it.state == 'RUNNING' || it.state == 'PENDING' }.id", Long.class)
                .forEach(id -> given().post("/api/v1/runs/" + id + "/kill"));
    }

    @Test
    void replace_kills_the_running_run_for_the_new_one() {
        createJob("""
                {"name":"policy-replace","command":"sleep 60","concurrencyPolicy":"REPLACE","schedule":{"cron":"*/3 * * * * *"},
                 "resources":{"cpus":0.1,"memMb":16}}""");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/jobs/policy-replace/runs?size=100").then().extract()
                .jsonPath().getList("items.findAll { it.state == 'KILLED' }").size() >= 1);
        given().contentType(ContentType.JSON).body("{\"name\":\"policy-replace\",\"command\":\"true\",\"enabled\":false}").put("/api/v1/jobs/policy-replace");
        JsonPath runs = given().get("/api/v1/jobs/policy-replace/runs?size=100").then().extract().jsonPath();
        String reason = runs.getString("items.find { it.state == 'KILLED' }.reason");
        assertTrue(reason.startsWith("replaced by run "), reason);
        runs.getList("items.findAll { it.state == 'RUNNING' || it.state == 'PENDING' || it.state == 'STAGING' }.id", Long.class)
                .forEach(id -> given().post("/api/v1/runs/" + id + "/kill"));
    }

    @Test
    void a_run_past_its_expected_runtime_is_marked_overdue() {
        createJob("""
                {"name":"policy-overdue","command":"sleep 4","expectedRuntimeSeconds":1,"resources":{"cpus":0.1,"memMb":16}}""");
        long id = runNow("policy-overdue");
        await().atMost(Duration.ofSeconds(20)).until(() -> run(id).getBoolean("overdue"));
        assertEquals("RUNNING", run(id).getString("state"), "overdue is a warning, not a kill");
        assertEquals("SUCCEEDED", awaitEnd(id, Duration.ofSeconds(30)));
    }
}
