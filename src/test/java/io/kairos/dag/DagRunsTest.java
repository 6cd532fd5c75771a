package io.kairos.dag;

import io.kairos.task.TaskId;
import io.kairos.task.TaskOutcome;
import io.kairos.run.RunState;
import io.kairos.run.TaskEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dependent runs through the real path: REST, PostgreSQL, the dispatcher, the local agent running plain processes. */
@QuarkusTest
class DagRunsTest {

    @Inject
    TaskEvents taskEvents;

    private static void putJob(String name, String parents, String command, String extra) {
        String body = "{\"name\":\"%s\",\"parents\":%s,\"command\":\"%s\",\"resources\":{\"cpus\":0.1,\"memMb\":32}%s}"
                .formatted(name, parents, command, extra);
        int status = given().contentType(ContentType.JSON).body(body).put("/api/v1/jobs/" + name).then().extract().statusCode();
        if (status == 404) {
            given().contentType(ContentType.JSON).body(body).post("/api/v1/jobs").then().statusCode(201);
        } else {
            assertEquals(200, status);
        }
    }

    private static long runNow(String job) {
        return given().post("/api/v1/jobs/" + job + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** The job's runs, oldest first. */
    private static List<Map<String, Object>> runsOf(String job) {
        List<Map<String, Object>> runs = given().get("/api/v1/jobs/" + job + "/runs").then().statusCode(200)
                .extract().jsonPath().getList("items");
        java.util.Collections.reverse(runs);
        return runs;
    }

    private static JsonPath run(long id) {
        return given().get("/api/v1/runs/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static boolean allEnded(String job, int count) {
        List<Map<String, Object>> runs = runsOf(job);
        return runs.size() == count && runs.stream().allMatch(r -> RunState.valueOf((String) r.get("state")).isTerminal());
    }

    private static void awaitEnded(String job, int count) {
        await(job + " to have " + count + " ended runs").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> allEnded(job, count));
    }

    /** Nothing more happens for a while: no trigger is late. */
    private static void assertStaysAt(String job, int count) {
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> runsOf(job).size() == count);
    }

    private static long id(Map<String, Object> run) {
        return ((Number) run.get("id")).longValue();
    }

    private static List<Map<String, Object>> triggers(long... runs) {
        return java.util.Arrays.stream(runs).mapToObj(r -> Map.<String, Object>of("runId", (int) r, "job", run(r).getString("job"))).toList();
    }

    @Test
    void a_diamond_triggers_its_join_once_per_generation_whichever_branch_finishes_first() {
        putJob("dia-a", "[]", "true", "");
        putJob("dia-b", "[\"dia-a\"]", "sleep 3", "");
        putJob("dia-c", "[\"dia-a\"]", "true", "");
        putJob("dia-d", "[\"dia-b\",\"dia-c\"]", "echo $KAIROS_SCHEDULED_TIME", "");

        long a1 = runNow("dia-a");
        awaitEnded("dia-d", 1);
        // the second generation: now c is the slow branch
        putJob("dia-b", "[\"dia-a\"]", "true", "");
        putJob("dia-c", "[\"dia-a\"]", "sleep 3", "");
        long a2 = runNow("dia-a");
        awaitEnded("dia-d", 2);
        awaitEnded("dia-b", 2);
        awaitEnded("dia-c", 2);
        assertStaysAt("dia-d", 2);

        long[] as = {a1, a2};
        List<Map<String, Object>> bs = runsOf("dia-b");
        List<Map<String, Object>> cs = runsOf("dia-c");
        List<Map<String, Object>> ds = runsOf("dia-d");
        for (int gen = 0; gen < 2; gen++) {
            long b = id(bs.get(gen));
            long c = id(cs.get(gen));
            long d = id(ds.get(gen));
            String logical = run(as[gen]).getString("scheduledAt");
            assertEquals(triggers(as[gen]), run(b).getList("triggeredBy"));
            assertEquals(triggers(as[gen]), run(c).getList("triggeredBy"));
            JsonPath dRun = run(d);
            assertEquals("DEPENDENCY", dRun.getString("trigger"));
            assertEquals("SUCCEEDED", dRun.getString("state"));
            assertEquals(triggers(b, c), dRun.getList("triggeredBy"), "generation " + (gen + 1));
            assertEquals(logical, dRun.getString("scheduledAt"));
            assertEquals(logical + "\n", given().get("/api/v1/runs/" + d + "/log").then().extract().path("data"));
        }
        // the branches did finish in both orders
        assertTrue(finished(bs.get(0)).isAfter(finished(cs.get(0))), "generation 1: b after c");
        assertTrue(finished(cs.get(1)).isAfter(finished(bs.get(1))), "generation 2: c after b");

        // an agent re-sending the end of a branch's task triggers nothing more
        long lastAttempt = run(id(cs.get(1))).getLong("attempts[0].id");
        taskEvents.onFinished(new TaskId(lastAttempt), TaskOutcome.exited(0));
        assertStaysAt("dia-d", 2);
    }

    private static Instant finished(Map<String, Object> run) {
        return Instant.parse((String) run(id(run)).getString("finishedAt"));
    }

    @Test
    void a_soft_error_parent_that_fails_still_triggers_its_child_once() {
        putJob("soft-p", "[]", "exit 3", ",\"softError\":true");
        putJob("soft-c", "[\"soft-p\"]", "true", "");
        long p = runNow("soft-p");
        awaitEnded("soft-c", 1);
        assertEquals("FAILED", run(p).getString("state"));
        assertEquals(triggers(p), run(id(runsOf("soft-c").get(0))).getList("triggeredBy"));
        // marking that run successful later does not run the child a second time for it
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/runs/" + p + "/mark-success").then().statusCode(200);
        assertStaysAt("soft-c", 1);
    }

    @Test
    void a_failed_parent_holds_its_child_until_marked_successful() {
        putJob("hard-p", "[]", "false", "");
        putJob("hard-c", "[\"hard-p\"]", "true", "");
        long p = runNow("hard-p");
        await().atMost(Duration.ofSeconds(60)).until(() -> run(p).getString("state").equals("FAILED"));
        assertStaysAt("hard-c", 0);

        given().contentType(ContentType.JSON).body("{\"by\":\"alice\",\"reason\":\"loaded by hand\"}")
                .post("/api/v1/runs/" + p + "/mark-success").then().statusCode(200)
                .body("state", equalTo("SUCCEEDED"))
                .body("reason", containsString("marked SUCCEEDED by alice (loaded by hand); was FAILED"));
        awaitEnded("hard-c", 1);
        assertEquals(triggers(p), run(id(runsOf("hard-c").get(0))).getList("triggeredBy"));
        assertEquals(run(p).getString("scheduledAt"), run(id(runsOf("hard-c").get(0))).getString("scheduledAt"));

        given().post("/api/v1/runs/" + p + "/mark-success").then().statusCode(409).contentType("application/problem+json");
        assertStaysAt("hard-c", 1);
    }
}
