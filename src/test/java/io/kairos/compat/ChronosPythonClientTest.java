package io.kairos.compat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every call chronos-python (1.2.x, the client of Chronos 2.x, and the same calls under Chronos 3.x's prefix) makes,
 * sent as it sends them, with the client's own checks applied to what comes back: its {@code _check} (a JSON or text
 * body, or a 204) and its {@code _check_fields} on each job of {@code list()} before it may be sent back by
 * {@code update()}.
 */
@QuarkusTest
class ChronosPythonClientTest {

    /** chronos-python's ChronosJob.fields and one_of. */
    private static final List<String> REQUIRED = List.of("async", "command", "epsilon", "name", "owner", "disabled");
    private static final List<String> ONE_OF = List.of("schedule", "parents");

    /** The client's _check: 401 is an error, else a body (JSON or text) or a 204. */
    private static Response checked(Response r) {
        assertTrue(r.statusCode() != 401, "unauthorized");
        assertTrue(r.statusCode() == 204 || !r.asString().isEmpty(), "a body or a 204, got " + r.statusCode());
        assertTrue(r.statusCode() < 400, "the client raises on " + r.statusCode() + ": " + r.asString());
        return r;
    }

    /** The client's _check_fields: what it refuses to send. */
    private static void checkFields(Map<String, Object> job) {
        for (String k : REQUIRED) {
            assertTrue(job.containsKey(k), "missing required field " + k + " in " + job);
        }
        long oneOf = ONE_OF.stream().filter(job::containsKey).count();
        assertEquals(1, oneOf, "Job must include exactly 1 of " + ONE_OF + ": " + job);
        if (job.get("container") instanceof Map<?, ?> c) {
            assertTrue(c.containsKey("type") && c.containsKey("image"), "container needs type and image: " + c);
        }
    }

    /** add() and update(): the path by whether the job has parents, POST or PUT, the body as json.dumps writes it. */
    private static Response add(String prefix, Map<String, Object> job, boolean update) {
        checkFields(job);
        String path = prefix + (job.containsKey("parents") ? "/dependency" : "/iso8601");
        var request = given().contentType("application/json").body(job);
        return checked(update ? request.put(path) : request.post(path));
    }

    private static Response call(String method, String path) {
        return checked(given().request(method, path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/scheduler", "/v1/scheduler"})
    void every_call_of_chronos_python_works_under_both_prefixes(String prefix) {
        String parent = "py" + prefix.replace("/", "-") + "-parent";
        String child = "py" + prefix.replace("/", "-") + "-child";
        // the README's example job, as the client's users write it
        Map<String, Object> job = new java.util.LinkedHashMap<>(Map.of("async", false, "command", "echo 1", "epsilon", "PT15M",
                "name", parent, "owner", "me@foo.com", "disabled", false, "schedule", "R/2030-01-01T00:00:00Z/PT60M"));
        assertEquals(204, add(prefix, job, false).statusCode());
        assertEquals(204, add(prefix, new java.util.LinkedHashMap<>(Map.of("async", false, "command", "echo 2",
                "epsilon", "PT15M", "name", child, "owner", "me@foo.com", "disabled", false, "parents", List.of(parent))),
                false).statusCode());

        // list(), then update() of each job exactly as listed: the client's field checks pass, and nothing changes
        List<Map<String, Object>> listed = call("GET", prefix + "/jobs").jsonPath().getList("");
        Map<String, Object> asListed = null;
        for (Map<String, Object> j : listed) {
            if (j.get("name").equals(parent) || j.get("name").equals(child)) {
                checkFields(j);
                assertEquals(204, add(prefix, j, true).statusCode());
                if (j.get("name").equals(child)) {
                    asListed = j;
                }
            }
        }
        assertNotNull(asListed, "the dependent job is listed");
        Map<String, Object> again = call("GET", prefix + "/job/" + child).jsonPath().getMap("");
        assertEquals(asListed, again, "a job sent back as listed is unchanged");

        // run(), then job_stat() once it ran
        assertEquals(204, call("PUT", prefix + "/job/" + parent).statusCode());
        await(parent + " ran").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> given().get(prefix + "/job/" + parent).jsonPath().getInt("successCount") >= 1);
        var stat = call("GET", prefix + "/job/stat/" + parent).jsonPath();
        assertTrue(stat.getInt("histogram.count") >= 1, stat.prettify());
        assertTrue(stat.getDouble("histogram.99thPercentile") >= stat.getDouble("histogram.median"));
        assertEquals("TASK_FINISHED", stat.getString("taskStatHistory[0].status"));
        assertEquals(parent, stat.getString("taskStatHistory[0].jobName"));

        // scheduler_graph(): Chronos' CSV
        String csv = call("GET", prefix + "/graph/csv").asString();
        assertTrue(csv.contains("node," + parent + ",success,"), csv);
        assertTrue(csv.contains("node," + child + ","), csv); // fresh, or success once its parent's run set it off
        assertTrue(csv.contains("link," + parent + "," + child + "\n"), csv);

        // scheduler_stat_99th() ... scheduler_stat_mean()
        for (String p : List.of("99thPercentile", "98thPercentile", "95thPercentile", "75thPercentile", "median", "mean")) {
            List<Map<String, Object>> perJob = call("GET", prefix + "/stats/" + p).jsonPath().getList("");
            Map<String, Object> mine = perJob.stream().filter(e -> parent.equals(e.get("jobNameLabel"))).findFirst().orElseThrow();
            assertTrue(((Number) mine.get("time")).doubleValue() >= 0, p + ": " + mine);
        }

        // delete_tasks(), delete()
        assertEquals(204, call("DELETE", prefix + "/task/kill/" + child).statusCode());
        assertEquals(204, call("DELETE", prefix + "/job/" + child).statusCode());
        assertEquals(204, call("DELETE", prefix + "/job/" + parent).statusCode());
        List<Map<String, Object>> after = call("GET", prefix + "/jobs").jsonPath().getList("");
        assertFalse(after.stream().anyMatch(j -> j.get("name").equals(parent) || j.get("name").equals(child)));
        given().contentType(ContentType.JSON).get(prefix + "/stats/fastest").then().statusCode(404);
    }
}
