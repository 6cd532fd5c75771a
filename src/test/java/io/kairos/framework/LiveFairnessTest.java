package io.kairos.framework;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Dominant Resource Fairness in the running system, not only in the allocator's unit test: the DRF
 * paper's example on one agent of 9 cpus and 18 GB, with both roles' runs queued at once.
 */
@QuarkusTest
@TestProfile(LiveFairnessTest.PaperAgent.class)
class LiveFairnessTest {

    public static class PaperAgent implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kairos.agent.resources", "cpus:9;mem:18432;disk:1000", "kairos.kill-grace", "1s");
        }
    }

    private static final String JOB = """
            {"name":"%s","role":"%s","command":"sleep 120","resources":{"cpus":%s,"memMb":%d},
             "schedule":{"iso8601":"R1/%s/PT1M"}}""";

    private static List<Map<String, Object>> runs(String role) {
        return given().get("/api/v1/queue").then().extract().jsonPath().getList("findAll { it.job.startsWith('" + role + "') }");
    }

    private static long running(String prefix) {
        long n = 0;
        for (int i = 0; i < 6; i++) {
            n += given().get("/api/v1/jobs/" + prefix + i + "/runs").then().extract().jsonPath()
                    .getList("items.findAll { it.state == 'RUNNING' }").size();
        }
        return n;
    }

    @Test
    void one_agent_of_9_cpus_and_18_gb_runs_3_tasks_of_a_and_2_of_b() {
        given().contentType(ContentType.JSON).body("{\"weight\":1}").put("/api/v1/roles/drf-a").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"weight\":1}").put("/api/v1/roles/drf-b").then().statusCode(200);
        // every run is queued by one sweep, so the allocator sees both roles' demand at once
        Instant slot = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 6; i++) {
            given().contentType(ContentType.JSON).body(JOB.formatted("drf-a-" + i, "drf-a", "1", 4096, slot)).post("/api/v1/jobs").then().statusCode(201);
            given().contentType(ContentType.JSON).body(JOB.formatted("drf-b-" + i, "drf-b", "3", 1024, slot)).post("/api/v1/jobs").then().statusCode(201);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> running("drf-a-") + running("drf-b-") == 5);
        // settled: nothing more fits, whatever further cycles run
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertEquals(3, running("drf-a-"), "role A: <1 cpu, 4 GB> tasks");
        assertEquals(2, running("drf-b-"), "role B: <3 cpus, 1 GB> tasks");
        given().get("/api/v1/roles/drf-a").then().body("allocated.cpus", equalTo(3.0f)).body("allocated.memMb", equalTo(12288));
        given().get("/api/v1/roles/drf-b").then().body("allocated.cpus", equalTo(6.0f));
        given().get("/api/v1/roles").then().body("name", hasItem("drf-a"));
        for (Map<String, Object> waiting : runs("drf-")) {
            given().post("/api/v1/runs/" + waiting.get("id") + "/kill");
        }
        for (int i = 0; i < 6; i++) {
            given().delete("/api/v1/jobs/drf-a-" + i);
            given().delete("/api/v1/jobs/drf-b-" + i);
        }
    }

    @Test
    void bad_role_settings_are_refused_naming_the_field() {
        given().contentType(ContentType.JSON).body("{\"weight\":-1}").put("/api/v1/roles/bad").then().statusCode(422)
                .body("errors.field", hasItem("/weight"));
        given().contentType(ContentType.JSON).body("{\"quota\":{\"cpus\":4},\"limit\":{\"cpus\":2}}").put("/api/v1/roles/bad").then()
                .statusCode(422).body("errors.field", hasItem("/limit"));
        given().contentType(ContentType.JSON).body("{\"colour\":\"red\"}").put("/api/v1/roles/bad").then().statusCode(422)
                .body("errors.field", hasItem("/colour"));
        given().contentType(ContentType.JSON).body("{\"weight\":2,\"quota\":{\"cpus\":1,\"memMb\":512},\"limit\":{\"cpus\":4}}")
                .put("/api/v1/roles/good").then().statusCode(200)
                .body("weight", equalTo(2.0f)).body("quota.memMb", equalTo(512)).body("limit.cpus", equalTo(4.0f))
                .body("limit.memMb", equalTo(null));
        given().get("/api/v1/roles/never-configured").then().statusCode(200).body("weight", equalTo(1.0f))
                .body("dominantShare", equalTo(0.0f));
        // an idle role's quota is held back from everyone else: give it up, so other tests own the whole agent
        given().contentType(ContentType.JSON).body("{\"weight\":2}").put("/api/v1/roles/good").then().statusCode(200)
                .body("quota.cpus", equalTo(0.0f));
    }
}
