package io.kairos;

import io.kairos.testing.KairosProcess;
import io.kairos.testing.ProcessDatabase;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An operator drains the agent, and the scheduler restarts: the drain is a row in PostgreSQL, so the agent that
 * registers again with the new process is still drained and given no task until it is undrained.
 */
class AgentDrainRestartIT {

    @RegisterExtension
    static final ProcessDatabase DB = new ProcessDatabase("agent-drain-it");

    private static final String AGENT = "local-drain-it";

    @Test
    void a_drained_agent_stays_drained_across_a_scheduler_restart_and_gets_no_new_task() throws Exception {
        Map<String, String> env = DB.env("data", Map.of("KAIROS_AGENT_ID", AGENT, "KAIROS_AGENT_RESOURCES", "cpus:2;mem:2048;disk:1000"));
        Path log = Path.of("target", "agent-drain-it.log");
        try (KairosProcess first = KairosProcess.start(env, log)) {
            awaitConnected(first);
            given().baseUri(first.baseUrl()).post("/api/v1/agents/" + AGENT + "/drain").then().statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> List.of("DRAINING", "DRAINED").contains(state(first)));
        }

        try (KairosProcess second = KairosProcess.start(env, log)) {
            awaitConnected(second);
            assertEquals("DRAINED", state(second), "the drain outlived the restart; with no task left it is drained");

            given().baseUri(second.baseUrl()).contentType(ContentType.JSON)
                    .body("{\"name\":\"after-restart\",\"command\":\"echo ran\",\"resources\":{\"cpus\":0.1,\"memMb\":16}}")
                    .post("/api/v1/jobs").then().statusCode(201);
            long run = given().baseUri(second.baseUrl()).post("/api/v1/jobs/after-restart/runs").then().statusCode(201)
                    .extract().jsonPath().getLong("id");
            await("the run to be told why it waits").atMost(Duration.ofSeconds(20)).until(() ->
                    given().baseUri(second.baseUrl()).get("/api/v1/runs/" + run).then().extract().path("waitingFor") != null);
            given().baseUri(second.baseUrl()).get("/api/v1/runs/" + run).then().body("state", equalTo("PENDING"));

            given().baseUri(second.baseUrl()).post("/api/v1/agents/" + AGENT + "/undrain").then().statusCode(200)
                    .body("state", equalTo("ACTIVE"));
            await("the run to succeed on the undrained agent").atMost(Duration.ofSeconds(30)).until(() ->
                    "SUCCEEDED".equals(given().baseUri(second.baseUrl()).get("/api/v1/runs/" + run).then().extract().path("state")));
            assertTrue(given().baseUri(second.baseUrl()).get("/api/v1/runs/" + run).then().extract().<String>path("agentId").equals(AGENT));
        }
    }

    private static void awaitConnected(KairosProcess k) {
        await("agent " + AGENT + " registered").atMost(Duration.ofSeconds(60)).until(() -> {
            var r = given().baseUri(k.baseUrl()).get("/api/v1/agents/" + AGENT).then().extract();
            return r.statusCode() == 200 && Boolean.TRUE.equals(r.path("connected")) && r.path("lastHeartbeat") != null;
        });
    }

    private static String state(KairosProcess k) {
        return given().baseUri(k.baseUrl()).get("/api/v1/agents/" + AGENT).then().statusCode(200).extract().path("state");
    }
}
