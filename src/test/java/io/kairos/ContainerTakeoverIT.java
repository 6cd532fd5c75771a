package io.kairos;

import io.kairos.testing.Docker;
import io.kairos.testing.KairosProcess;
import io.kairos.testing.ProcessDatabase;
import io.kairos.testing.TestImages;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A standalone Kairos is stopped (SIGTERM) while its Docker containers run and started again on the same database:
 * the containers ran on and their runs end on their first attempt, one still running at the restart and one that
 * ended while no Kairos was up.
 */
class ContainerTakeoverIT {

    @RegisterExtension
    static final ProcessDatabase DB = new ProcessDatabase("takeover-it");

    @Test
    void containers_run_on_through_a_restart_and_their_runs_end_on_the_first_attempt() throws Exception {
        Docker.requireDocker();
        String image = TestImages.busybox();
        Map<String, String> env = DB.env("data", Map.of(
                // an agent of its own: the restarted Kairos takes over exactly this test's containers
                "KAIROS_AGENT_ID", "takeover-it-" + UUID.randomUUID()));
        Path log = Path.of("target", "container-takeover-it.log");
        long outlives;
        long endsWhileDown;
        try (KairosProcess first = KairosProcess.start(env, log)) {
            // long enough to outlive the restart on a loaded machine (a start took 17 s in CI): output written while no
            // agent watches is not delivered (DockerTaskWatch), so "after" must come once the new one has taken over
            outlives = runNow(first, "outlives", image, "echo before; sleep 45; echo after");
            endsWhileDown = runNow(first, "ends-while-down", image, "echo early; sleep 3; exit 3");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    stdout(first, outlives).equals("before\n") && stdout(first, endsWhileDown).equals("early\n"));
        }
        // no wait needed for the second container to end: starting Kairos takes longer than its 3 s
        try (KairosProcess second = KairosProcess.start(env, log)) {
            awaitState(second, endsWhileDown, "FAILED");
            given().baseUri(second.baseUrl()).get("/api/v1/runs/" + endsWhileDown).then()
                    .body("attemptCount", equalTo(1))
                    .body("attempts[0].state", equalTo("FAILED"))
                    .body("exitCode", equalTo(3));
            await("run " + outlives + " SUCCEEDED").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "SUCCEEDED".equals(given().baseUri(second.baseUrl()).get("/api/v1/runs/" + outlives).then()
                            .extract().path("state")));
            given().baseUri(second.baseUrl()).get("/api/v1/runs/" + outlives).then()
                    .body("attemptCount", equalTo(1))
                    .body("attempts[0].state", equalTo("FINISHED"));
            assertEquals("before\nafter\n", stdout(second, outlives));
        }
    }

    private static long runNow(KairosProcess k, String name, String image, String command) {
        given().baseUri(k.baseUrl()).contentType(ContentType.JSON).body("""
                {"name":"%s","container":{"image":"%s"},"command":"%s","resources":{"cpus":0.1,"memMb":32}}"""
                .formatted(name, image, command)).post("/api/v1/jobs").then().statusCode(201);
        return given().baseUri(k.baseUrl()).post("/api/v1/jobs/" + name + "/runs").then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    private static void awaitState(KairosProcess k, long run, String state) {
        await("run " + run + " " + state).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> state.equals(given().baseUri(k.baseUrl()).get("/api/v1/runs/" + run).then()
                        .extract().path("state")));
    }

    private static String stdout(KairosProcess k, long run) {
        return given().baseUri(k.baseUrl()).get("/api/v1/runs/" + run + "/log?stream=stdout").then().statusCode(200)
                .extract().path("data");
    }
}
