package io.kairos.cluster;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prometheus metrics at /q/metrics move where the events happen: firing, allocation, run endings, the pool. */
@QuarkusTest
class MetricsTest {

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The sum of the samples of {@code name} whose labels include every one of {@code labels} (k="v"). */
    private static double value(String scrape, String name, String... labels) {
        Matcher m = LINE.matcher(scrape);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            if (!m.group(1).equals(name)) {
                continue;
            }
            String have = m.group(2) == null ? "" : m.group(2);
            boolean all = true;
            for (String l : labels) {
                all &= have.contains(l);
            }
            if (all) {
                sum += Double.parseDouble(m.group(3));
                found = true;
            }
        }
        assertTrue(found, "no sample of " + name + " " + String.join(",", labels) + " in the scrape");
        return sum;
    }

    @Test
    void a_scheduled_run_moves_the_firing_allocation_and_run_metrics() {
        String before = scrape();
        Instant slot = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        given().contentType(ContentType.JSON).body("""
                {"name":"metrics-scheduled","schedule":{"iso8601":"R1/%s/PT1M"},"command":"sleep 1.2",
                 "resources":{"cpus":0.1,"memMb":16}}""".formatted(slot)).post("/api/v1/jobs").then().statusCode(201);
        await("the slot's run to succeed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var runs = given().get("/api/v1/jobs/metrics-scheduled/runs").then().extract().jsonPath();
            return runs.getInt("total") == 1 && "SUCCEEDED".equals(runs.getString("items[0].state"));
        });
        // a run's end is counted after its transaction commits, just after the API can see it
        await().atMost(Duration.ofSeconds(5))
                .until(() -> value(scrape(), "kairos_run_duration_seconds_count", "job=\"metrics-scheduled\"") == 1);
        String after = scrape();

        assertTrue(value(after, "kairos_fires_total") >= value(before, "kairos_fires_total") + 1);
        assertTrue(value(after, "kairos_firing_lag_seconds_count") >= value(before, "kairos_firing_lag_seconds_count") + 1);
        assertTrue(value(after, "kairos_runs_ended_total", "state=\"SUCCEEDED\"")
                >= value(before, "kairos_runs_ended_total", "state=\"SUCCEEDED\"") + 1);
        assertTrue(value(after, "kairos_offers_made_total") >= value(before, "kairos_offers_made_total") + 1);
        assertTrue(value(after, "kairos_offers_accepted_total") >= value(before, "kairos_offers_accepted_total") + 1);
        value(after, "kairos_offers_declined_total");
        assertTrue(value(after, "kairos_allocation_cycle_seconds_count") > value(before, "kairos_allocation_cycle_seconds_count"));

        // the run slept 1.2 s (from RUNNING as recorded to its end: a little less or more): the 5 s bucket, not the 1 s one
        assertEquals(0, value(after, "kairos_run_duration_seconds_bucket", "job=\"metrics-scheduled\"", "le=\"1.0\""));
        assertEquals(1, value(after, "kairos_run_duration_seconds_bucket", "job=\"metrics-scheduled\"", "le=\"5.0\""));
        assertTrue(value(after, "kairos_run_duration_seconds_sum", "job=\"metrics-scheduled\"") > 1.0);
    }

    @Test
    void the_pool_and_the_queue_are_gauges_read_at_each_scrape() {
        given().contentType(ContentType.JSON).body("""
                {"name":"metrics-too-big","command":"true","resources":{"cpus":64,"memMb":16}}""").post("/api/v1/jobs").then().statusCode(201);
        long run = given().post("/api/v1/jobs/metrics-too-big/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        try {
            String s = scrape();
            assertTrue(value(s, "kairos_queue_pending") >= 1);
            assertEquals(1, value(s, "kairos_agents", "state=\"ACTIVE\""));
            assertEquals(0, value(s, "kairos_agents", "state=\"LOST\""));
            // the test agent: cpus:2;mem:4096;disk:10000
            assertEquals(2.0, value(s, "kairos_resources_capacity", "resource=\"cpus\""));
            assertEquals(4096.0, value(s, "kairos_resources_capacity", "resource=\"mem_mb\""));
            assertTrue(value(s, "kairos_resources_allocated", "resource=\"cpus\"") <= 2.0);
        } finally {
            given().post("/api/v1/runs/" + run + "/kill").then().statusCode(200);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> value(scrape(), "kairos_runs_ended_total", "state=\"KILLED\"") >= 1);
    }
}
