package io.kairos.run;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The queue: a job's higher priority starts first, whatever the age of its run. */
@QuarkusTest
class QueuePriorityTest {

    private static void job(String name, int priority) {
        given().contentType(ContentType.JSON).body("""
                {"name": "%s", "priority": %d, "command": "exec sleep 600", "resources": {"cpus": 2, "memMb": 16}}"""
                .formatted(name, priority)).post("/api/v1/jobs").then().statusCode(201).body("priority", org.hamcrest.Matchers.equalTo(priority));
    }

    private static long runNow(String job) {
        return given().post("/api/v1/jobs/" + job + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static String state(long run) {
        return given().get("/api/v1/runs/" + run).then().extract().path("state");
    }

    @Test
    void a_higher_priority_run_starts_before_an_older_lower_one() {
        job("prio-blocker", 0);
        job("prio-low", -10);
        job("prio-high", 10);
        long blocker = runNow("prio-blocker");
        long low = -1;
        long high = -1;
        try {
            await("the blocker holds the agent's 2 cpus").atMost(Duration.ofSeconds(30)).until(() -> "RUNNING".equals(state(blocker)));
            low = runNow("prio-low");
            high = runNow("prio-high");
            given().post("/api/v1/runs/" + blocker + "/kill").then().statusCode(200);
            long h = high;
            await("the high-priority run starts").atMost(Duration.ofSeconds(30)).until(() -> "RUNNING".equals(state(h)));
            assertEquals("PENDING", state(low), "the older low-priority run still waits");
        } finally {
            for (long r : new long[] {blocker, low, high}) {
                if (r > 0) {
                    given().post("/api/v1/runs/" + r + "/kill");
                }
            }
        }
        given().contentType(ContentType.JSON).body("{\"priority\": 2000, \"command\": \"true\"}").put("/api/v1/jobs/prio-low").then()
                .statusCode(422).body("errors.field", org.hamcrest.Matchers.hasItem("/priority"));
    }
}
