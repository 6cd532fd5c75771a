package io.kairos.agent.remote;

import io.kairos.agent.AgentResources;
import io.kairos.agent.Containerizer;
import io.kairos.agent.node.AgentIdentity;
import io.kairos.agent.node.AgentNode;
import io.kairos.agent.protocol.Message;
import io.kairos.agent.protocol.Wire;
import io.kairos.allocator.AgentId;
import io.kairos.task.TaskId;
import io.kairos.task.TaskListener;
import io.kairos.task.TaskOutcome;
import io.kairos.task.TaskSpec;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An agent may report only on tasks placed on it (issue 11): a second agent that sends FINISHED for a task running on
 * the first must not end its run while the real task still runs.
 */
@QuarkusTest
@TestProfile(RemoteAgentsTest.SchedulerOnly.class)
class ForgedReportTest {

    private static Vertx vertx;
    private static AgentNode real;

    /** Tasks that start and keep running until killed. */
    static final class RunningTasks implements Containerizer {
        private final Set<TaskId> running = ConcurrentHashMap.newKeySet();
        private volatile TaskListener listener;

        @Override
        public void launch(TaskSpec spec, TaskListener listener) {
            this.listener = listener;
            running.add(spec.taskId());
            listener.onStarted(spec.taskId(), "forever-" + spec.taskId().value());
        }

        @Override
        public void kill(TaskId task, Duration grace) {
            if (running.remove(task)) {
                listener.onFinished(task, TaskOutcome.killed("killed"));
            }
        }

        @Override
        public Set<TaskId> running() {
            return Set.copyOf(running);
        }

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** An agent of this test's scheduler whose tasks run until killed, with attribute {@code who}. */
    static AgentNode agent(Vertx vertx, String id, String host, String who) {
        return new AgentNode(vertx, List.of("http://localhost:" + RestAssured.port),
                new AgentIdentity(new AgentId(id), host, AgentResources.parse("cpus:4;mem:4096;disk:1000"),
                        AgentResources.parseAttributes("who:" + who)),
                new RunningTasks(), new AgentNode.Timing(Duration.ofMillis(300), Duration.ofSeconds(3), Duration.ofMillis(200)),
                Clock.systemUTC(), () -> { });
    }

    @AfterAll
    static void stop() {
        if (vertx != null) {
            real.close();
            vertx.close();
        }
    }

    @Test
    void a_finished_from_another_agent_does_not_end_a_run_whose_task_still_runs() throws Exception {
        vertx = Vertx.vertx();
        real = agent(vertx, "agent-real", "host-real", "real");
        real.start();
        given().contentType(ContentType.JSON).body("""
                {"name":"forged-target","command":"sleep 600","resources":{"cpus":0.1,"memMb":16},
                 "constraints":[["who","EQUALS","real"]]}""").post("/api/v1/jobs").then().statusCode(201);
        long run = given().post("/api/v1/jobs/forged-target/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        await("the run to be RUNNING on agent-real").atMost(Duration.ofSeconds(30)).until(() ->
                "RUNNING".equals(given().get("/api/v1/runs/" + run).then().extract().path("state")));
        long task = given().get("/api/v1/runs/" + run).then().extract().jsonPath().getLong("attempts[0].id");

        // a second agent, on a connection of its own, reports that task as finished successfully
        CompletableFuture<String> registered = new CompletableFuture<>();
        WebSocket forger = vertx.createHttpClient().webSocket(RestAssured.port, "localhost", "/api/v1/agents/connect")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        forger.textMessageHandler(text -> {
            if (text.contains("Registered") || text.contains("registered")) {
                registered.complete(text);
            }
        });
        forger.writeTextMessage(Wire.encode(new Message.Register("agent-forger", "host-forger", 1, 1024, 100, 0, List.of(),
                Map.of(), List.of(), 0)));
        registered.get(10, TimeUnit.SECONDS);
        forger.writeTextMessage(Wire.encode(new Message.Status("forged-1", task, Message.StatusKind.FINISHED, null,
                Wire.outcome(TaskOutcome.exited(0)))));

        // give the forged report every chance to be applied (an honest one is applied within milliseconds)
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertEquals("RUNNING", given().get("/api/v1/runs/" + run).then().extract().path("state"));
        assertEquals("RUNNING", given().get("/api/v1/runs/" + run).then().extract().path("attempts[0].state"));
        forger.close();

        given().post("/api/v1/runs/" + run + "/kill").then().statusCode(200);
        await("the kill to end the run").atMost(Duration.ofSeconds(20)).until(() ->
                "KILLED".equals(given().get("/api/v1/runs/" + run).then().extract().path("state")));
    }
}
