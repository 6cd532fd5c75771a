package io.kairos.run;

import io.kairos.task.TaskId;
import io.kairos.task.TaskSpec;
import io.kairos.allocator.AgentId;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attempts whose agent is lost, through the real recovery path: the run's attempt is staged on an agent that never
 * connects ("ghost"), and the agent is then declared lost, as the registry does after lost-after. The jobs' constraint
 * matches no agent, so the dispatcher never places them by itself and each attempt is the test's.
 */
@QuarkusTest
class LostAttemptsTest {

    private static final String NOWHERE = "\"constraints\":[[\"hostname\",\"EQUALS\",\"nowhere\"]]";

    @Inject
    RunService runs;
    @Inject
    RunRecovery recovery;

    private static void createJob(String json) {
        given().contentType(ContentType.JSON).body(json).post("/api/v1/jobs").then().statusCode(201);
    }

    private static long runNow(String job) {
        return given().post("/api/v1/jobs/" + job + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static JsonPath run(long id) {
        return given().get("/api/v1/runs/" + id).then().statusCode(200).extract().jsonPath();
    }

    private void stageOn(AgentId agent, long runId, String job) {
        Optional<TaskSpec> spec = runs.stage(runId, agent, Map.of(), attempt -> new TaskSpec(new TaskId(attempt), runId, job,
                Optional.empty(), false, "sleep 60", null, Map.of(), 0.1, 16));
        assertTrue(spec.isPresent(), "run " + runId + " was staged");
    }

    private void lose(AgentId agent) {
        recovery.reconcile(agent, Set.of(), "agent " + agent + " lost: silent", "agent " + agent + " lost: silent");
    }

    @Test
    void a_timed_out_attempt_lost_with_its_agent_is_retried_like_any_timeout() {
        createJob("""
                {"name":"lost-timeout-retried","command":"sleep 60","resources":{"cpus":0.1,"memMb":16},%s,
                 "timeoutSeconds":1,"retries":{"max":1,"backoffSeconds":1}}""".formatted(NOWHERE));
        long id = runNow("lost-timeout-retried");
        AgentId ghost = new AgentId("ghost-timeout-retried");
        stageOn(ghost, id, "lost-timeout-retried");
        runs.timeOut(id, 1);
        lose(ghost);
        JsonPath r = run(id);
        assertEquals("PENDING", r.getString("state"), r.prettify());
        assertEquals(1, r.getInt("failures"));
        assertTrue(r.getString("reason").contains("timed out"), r.getString("reason"));
        assertEquals("LOST", r.getString("attempts[0].state"));
    }

    @Test
    void a_timed_out_attempt_lost_with_its_agent_announces_the_end_and_releases_soft_error_children() {
        createJob("""
                {"name":"lost-timeout-parent","command":"sleep 60","resources":{"cpus":0.1,"memMb":16},%s,
                 "timeoutSeconds":1,"softError":true,
                 "notifications":[{"on":["FAILURE"],"webhook":{"url":"http://127.0.0.1:9/hook","format":"json"}}]}"""
                .formatted(NOWHERE));
        createJob("""
                {"name":"lost-timeout-child","command":"true","resources":{"cpus":0.1,"memMb":16},%s,
                 "parents":["lost-timeout-parent"]}""".formatted(NOWHERE));
        long id = runNow("lost-timeout-parent");
        AgentId ghost = new AgentId("ghost-timeout-end");
        stageOn(ghost, id, "lost-timeout-parent");
        runs.timeOut(id, 1);
        lose(ghost);
        assertEquals("TIMED_OUT", run(id).getString("state"));
        List<String> events = given().get("/api/v1/runs/" + id + "/notifications").then().statusCode(200)
                .extract().jsonPath().getList("event");
        assertEquals(List.of("FAILURE"), events, "one failure notification for the ending");
        await("the soft-error child to be triggered").atMost(Duration.ofSeconds(10)).until(() ->
                given().get("/api/v1/jobs/lost-timeout-child/runs").then().extract().jsonPath().getList("items").size() == 1);
    }

    @Test
    void a_run_whose_attempts_keep_being_lost_fails_after_three_with_the_reason() {
        createJob("""
                {"name":"lost-forever","command":"sleep 60","resources":{"cpus":0.1,"memMb":16},%s}""".formatted(NOWHERE));
        long id = runNow("lost-forever");
        for (int i = 1; i <= 2; i++) {
            AgentId ghost = new AgentId("ghost-forever-" + i);
            stageOn(ghost, id, "lost-forever");
            lose(ghost);
            JsonPath r = run(id);
            assertEquals("PENDING", r.getString("state"), "after lost attempt " + i);
        }
        AgentId last = new AgentId("ghost-forever-3");
        stageOn(last, id, "lost-forever");
        lose(last);
        JsonPath r = run(id);
        assertEquals("FAILED", r.getString("state"), r.prettify());
        assertEquals(3, r.getInt("attemptCount"));
        assertNotNull(r.getString("finishedAt"));
        assertTrue(r.getString("reason").contains("lost 3 times"), r.getString("reason"));
    }
}
