package io.kairos.schedule.firing;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creating, disabling, re-enabling and changing a job reach its firing at once, through the real Quartz tick. */
@QuarkusTest
class JobChangesTakeEffectTest {

    private static final String JOB = "{\"name\":\"toggle\",\"command\":\"true\",\"enabled\":%s,\"resources\":{\"cpus\":0.1,\"memMb\":16},"
            + "\"schedule\":{\"cron\":\"%s\"}}";

    private static List<Instant> slots() {
        List<String> at = given().get("/api/v1/jobs/toggle/runs?size=500").then().statusCode(200).extract().path("items.scheduledAt");
        return at.stream().map(Instant::parse).toList();
    }

    private static void put(boolean enabled, String cron) {
        given().contentType(ContentType.JSON).body(JOB.formatted(enabled, cron)).put("/api/v1/jobs/toggle").then().statusCode(200);
    }

    @Test
    void a_disabled_job_stops_firing_and_a_changed_schedule_applies_at_once() {
        given().contentType(ContentType.JSON).body(JOB.formatted(true, "* * * * * *")).post("/api/v1/jobs").then().statusCode(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> slots().size() >= 2);

        put(false, "* * * * * *");
        Instant disabledAt = Instant.now();
        given().get("/api/v1/jobs/toggle").then().body("nextFireTimes", hasSize(0));
        int before = slots().size();
        // three would-be slots pass (a deliberate quiet period, not a wait for a condition)
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertTrue(slots().stream().noneMatch(s -> s.isAfter(disabledAt.plusMillis(1000))),
                "no slot may be recorded while disabled: " + slots());
        assertTrue(slots().size() <= before + 1);

        // re-enabled on an every-other-second schedule: slots resume, on even seconds only
        put(true, "*/2 * * * * *");
        Instant enabledAt = Instant.now();
        await().atMost(Duration.ofSeconds(20)).until(() -> slots().stream().filter(s -> s.isAfter(enabledAt)).count() >= 2);
        assertTrue(slots().stream().filter(s -> s.isAfter(enabledAt)).allMatch(s -> s.getEpochSecond() % 2 == 0), slots().toString());
        Map<String, Object> job = given().get("/api/v1/jobs/toggle").then().extract().as(Map.class);
        assertTrue(((List<?>) job.get("nextFireTimes")).size() == 5);
    }
}
