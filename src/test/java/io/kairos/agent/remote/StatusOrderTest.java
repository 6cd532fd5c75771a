package io.kairos.agent.remote;

import io.kairos.agent.AgentResources;
import io.kairos.agent.Containerizer;
import io.kairos.task.TaskId;
import io.kairos.task.TaskListener;
import io.kairos.task.TaskOutcome;
import io.kairos.task.TaskSpec;
import io.kairos.agent.node.AgentIdentity;
import io.kairos.agent.node.AgentNode;
import io.kairos.allocator.AgentId;
import io.kairos.run.RunState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An agent whose tasks end the instant they start: every STARTED is followed on the wire, at once, by its
 * FINISHED. The scheduler must apply them in that order, whatever its threads do.
 */
@QuarkusTest
@TestProfile(RemoteAgentsTest.SchedulerOnly.class)
class StatusOrderTest {

    private static Vertx vertx;
    private static AgentNode quick;

    /** Starts and ends each task within the launch call: STARTED and FINISHED leave back to back. */
    static final class InstantTasks implements Containerizer {
        @Override
        public void launch(TaskSpec spec, TaskListener listener) {
            listener.onStarted(spec.taskId(), "instant-" + spec.taskId().value());
            listener.onFinished(spec.taskId(), TaskOutcome.exited(0));
        }

        @Override
        public void kill(TaskId task, Duration grace) {
        }

        @Override
        public Set<TaskId> running() {
            return Set.of();
        }

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    @AfterAll
    static void stopAgent() {
        if (vertx != null) {
            quick.close();
            vertx.close();
        }
    }

    @Test
    void a_started_and_a_finished_sent_back_to_back_are_applied_in_order_for_every_task() {
        vertx = Vertx.vertx();
        quick = new AgentNode(vertx, List.of("http://localhost:" + RestAssured.port),
                new AgentIdentity(new AgentId("agent-quick"), "host-quick", AgentResources.parse("cpus:64;mem:65536;disk:1000"),
                        AgentResources.parseAttributes("speed:instant")),
                new InstantTasks(), new AgentNode.Timing(Duration.ofMillis(300), Duration.ofSeconds(3), Duration.ofMillis(200)),
                Clock.systemUTC(), () -> { });
        quick.start();
        await("agent-quick active").atMost(Duration.ofSeconds(20)).until(() ->
                given().get("/api/v1/agents").then().extract().jsonPath().<String>getList("findAll { it.state == 'ACTIVE' }.id")
                        .contains("agent-quick"));
        given().contentType(ContentType.JSON).body("""
                {"name":"instant","command":"true","resources":{"cpus":0.1,"memMb":16},
                 "constraints":[["speed","EQUALS","instant"]]}""").post("/api/v1/jobs").then().statusCode(201);

        List<Long> runs = IntStream.range(0, 100)
                .mapToObj(i -> given().post("/api/v1/jobs/instant/runs").then().statusCode(201).extract().jsonPath().getLong("id"))
                .toList();

        for (long run : runs) {
            await("run " + run + " to end").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> RunState.valueOf(given().get("/api/v1/runs/" + run).then().extract().<String>path("state")).isTerminal());
            JsonPath r = given().get("/api/v1/runs/" + run).then().statusCode(200).extract().jsonPath();
            assertEquals("SUCCEEDED", r.getString("state"), "run " + run);
            assertNotNull(r.getString("startedAt"), "run " + run + " was started before it finished");
            assertNotNull(r.getString("containerId"), "run " + run + " has the container id of its STARTED");
            assertTrue(!Instant.parse(r.getString("startedAt")).isAfter(Instant.parse(r.getString("finishedAt"))), "run " + run);
        }
        await("no ended task counted as running on agent-quick").atMost(Duration.ofSeconds(10)).until(() ->
                given().get("/api/v1/agents/agent-quick").then().extract().jsonPath().getList("runningTasks").isEmpty());
    }
}
