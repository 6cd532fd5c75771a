package io.kairos.run;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backfill (issue #5) through the real path: REST, PostgreSQL, dispatcher, local agent running plain processes. */
@QuarkusTest
class BackfillTest {

    /** Ten daily slots at 02:00 UTC, 2024-01-01 .. 2024-01-10. */
    private static final String FROM = "2024-01-01T00:00:00Z";
    private static final String TO = "2024-01-10T23:59:59Z";
    private static final List<String> TEN_SLOTS = IntStream.rangeClosed(1, 10)
            .mapToObj(d -> "2024-01-%02dT02:00:00Z".formatted(d)).toList();

    private static Map<String, Object> job(String name, List<String> args) {
        Map<String, Object> job = new HashMap<>();
        job.put("name", name);
        job.put("schedule", Map.of("cron", "0 2 * * *", "timezone", "UTC"));
        job.put("args", args);
        job.put("resources", Map.of("cpus", 0.1, "memMb", 32));
        return job;
    }

    private static void create(Map<String, Object> job) {
        given().contentType(ContentType.JSON).body(job).post("/api/v1/jobs").then().statusCode(201);
    }

    private static JsonPath backfill(String job, String from, String to, int maxParallel) {
        return given().contentType(ContentType.JSON).body(Map.of("from", from, "to", to, "maxParallel", maxParallel))
                .post("/api/v1/jobs/" + job + "/backfill").then().statusCode(202).extract().jsonPath();
    }

    private static List<Map<String, Object>> runsOf(String job) {
        return given().get("/api/v1/jobs/" + job + "/runs?size=500").then().statusCode(200).extract().jsonPath().getList("items");
    }

    private static boolean allEnded(List<Map<String, Object>> runs, int count) {
        return runs.size() == count && runs.stream().allMatch(r -> RunState.valueOf((String) r.get("state")).isTerminal());
    }

    private static Set<String> slotsOf(List<Map<String, Object>> runs) {
        return runs.stream().map(r -> (String) r.get("scheduledAt")).collect(Collectors.toSet());
    }

    @Test
    void a_backfill_of_ten_slots_with_max_parallel_two_never_runs_more_than_two_at_once() {
        Map<String, Object> job = job("bf-ten", List.of("/bin/sh", "-c", "echo $KAIROS_SCHEDULED_TIME; sleep 0.4"));
        // neither the policy nor the deadline is for backfills: their slots are past on purpose
        job.put("concurrencyPolicy", "FORBID");
        job.put("startingDeadlineSeconds", 60);
        create(job);
        JsonPath answer = backfill("bf-ten", FROM, TO, 2);
        assertEquals(10, answer.getInt("slots"));
        assertEquals(10, answer.getInt("created"));
        assertEquals(10, answer.getList("runIds").size());

        AtomicInteger most = new AtomicInteger();
        Set<String> waitingFor = new HashSet<>();
        await("the backfill to end").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<Map<String, Object>> runs = runsOf("bf-ten");
            int going = (int) runs.stream().filter(r -> List.of("STAGING", "RUNNING").contains(r.get("state"))).count();
            most.accumulateAndGet(going, Math::max);
            runs.stream().map(r -> (String) r.get("waitingFor")).filter(w -> w != null).forEach(waitingFor::add);
            return allEnded(runs, 10);
        });
        assertTrue(most.get() <= 2, "at most 2 backfill runs at once, saw " + most.get());
        assertTrue(waitingFor.contains("backfill: maxParallel=2 reached"), "the held runs say why: " + waitingFor);

        List<Map<String, Object>> runs = runsOf("bf-ten");
        assertEquals(Set.copyOf(TEN_SLOTS), slotsOf(runs));
        runs.forEach(r -> {
            assertEquals("BACKFILL", r.get("trigger"));
            assertEquals("SUCCEEDED", r.get("state"), "run " + r.get("id") + ": " + r.get("reason"));
            String log = given().get("/api/v1/runs/" + r.get("id") + "/log").then().statusCode(200).extract().path("data");
            assertEquals(r.get("scheduledAt") + "\n", log, "the task sees its slot as its logical time");
        });
        // the recorded start/finish times agree: no instant had three running
        for (Map<String, Object> r : runs) {
            Instant t = Instant.parse((String) r.get("startedAt"));
            long overlapping = runs.stream().filter(o -> !Instant.parse((String) o.get("startedAt")).isAfter(t)
                    && Instant.parse((String) o.get("finishedAt")).isAfter(t)).count();
            assertTrue(overlapping <= 2, "at " + t + " " + overlapping + " runs were running");
        }
    }

    @Test
    void a_repeated_backfill_request_does_not_double_the_runs() {
        Map<String, Object> job = job("bf-twice", List.of("/bin/true"));
        job.put("enabled", false);
        create(job);
        JsonPath first = backfill("bf-twice", "2024-03-01T00:00:00Z", "2024-03-03T02:00:00Z", 3);
        assertEquals(3, first.getInt("created"));
        JsonPath again = backfill("bf-twice", "2024-03-01T00:00:00Z", "2024-03-03T02:00:00Z", 3);
        assertEquals(0, again.getInt("created"));
        assertEquals(first.getList("runIds"), again.getList("runIds"));
        // an overlapping range creates only the slots not yet backfilled
        JsonPath wider = backfill("bf-twice", "2024-03-02T00:00:00Z", "2024-03-04T02:00:00Z", 3);
        assertEquals(1, wider.getInt("created"));
        assertEquals(first.getList("runIds").subList(1, 3), wider.getList("runIds").subList(0, 2));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> allEnded(runsOf("bf-twice"), 4));
    }

    @Test
    void backfill_requests_are_validated() {
        create(job("bf-invalid", List.of("/bin/true")));
        given().contentType(ContentType.JSON).body(Map.of("from", "2024-01-02T00:00:00Z", "to", "2024-01-01T00:00:00Z", "extra", 1))
                .post("/api/v1/jobs/bf-invalid/backfill").then().statusCode(422)
                .body("errors.field", hasItem("/to")).body("errors.field", hasItem("/extra"));
        given().contentType(ContentType.JSON).body(Map.of("from", "yesterday", "to", TO, "maxParallel", 0))
                .post("/api/v1/jobs/bf-invalid/backfill").then().statusCode(422)
                .body("errors.field", hasItem("/from")).body("errors.field", hasItem("/maxParallel"));
        given().contentType(ContentType.JSON).body(Map.of("from", FROM, "to", TO))
                .post("/api/v1/jobs/bf-nobody/backfill").then().statusCode(404);
        Map<String, Object> onDemand = job("bf-on-demand", List.of("/bin/true"));
        onDemand.remove("schedule");
        create(onDemand);
        given().contentType(ContentType.JSON).body(Map.of("from", FROM, "to", TO))
                .post("/api/v1/jobs/bf-on-demand/backfill").then().statusCode(422);
        Map<String, Object> everyMinute = job("bf-too-many", List.of("/bin/true"));
        everyMinute.put("schedule", Map.of("cron", "* * * * *"));
        create(everyMinute);
        // 8 days of minutes: 11,520 slots
        given().contentType(ContentType.JSON).body(Map.of("from", "2024-01-01T00:00:00Z", "to", "2024-01-09T00:00:00Z"))
                .post("/api/v1/jobs/bf-too-many/backfill").then().statusCode(422).body("errors.field", hasItem("/to"));
        given().get("/api/v1/jobs/bf-too-many/runs").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void dependents_of_a_backfill_follow_with_the_same_logical_times() {
        create(job("bf-parent", List.of("/bin/true")));
        Map<String, Object> child = new HashMap<>();
        child.put("name", "bf-child");
        child.put("parents", List.of("bf-parent"));
        child.put("args", List.of("/bin/sh", "-c", "echo $KAIROS_SCHEDULED_TIME $KAIROS_PARAM_MODE"));
        child.put("resources", Map.of("cpus", 0.1, "memMb", 32));
        child.put("parameters", List.of(Map.of("name", "mode", "type", "enum", "values", List.of("full", "delta"), "default", "delta")));
        create(child);
        backfill("bf-parent", FROM, TO, 5);
        await("10 child runs to end").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> allEnded(runsOf("bf-child"), 10));
        List<Map<String, Object>> runs = runsOf("bf-child");
        assertEquals(Set.copyOf(TEN_SLOTS), slotsOf(runs));
        List<String> logs = new ArrayList<>();
        for (Map<String, Object> r : runs) {
            assertEquals("DEPENDENCY", r.get("trigger"));
            assertEquals("SUCCEEDED", r.get("state"));
            // nobody gave the dependent values: it took the default when it was staged, and shows it
            assertEquals(Map.of("mode", "delta"), r.get("params"));
            logs.add(given().get("/api/v1/runs/" + r.get("id") + "/log").then().statusCode(200).extract().path("data"));
        }
        assertEquals(TEN_SLOTS.stream().map(s -> s + " delta\n").collect(Collectors.toSet()), Set.copyOf(logs));
        given().get("/api/v1/jobs/bf-parent/runs").then().body("items", hasSize(10));
    }
}
