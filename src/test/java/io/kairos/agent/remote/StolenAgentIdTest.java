package io.kairos.agent.remote;

import io.kairos.agent.node.AgentNode;
import io.kairos.agent.protocol.Message;
import io.kairos.agent.protocol.Wire;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A second connection that registers under the id of a connected agent is refused (issue 11): it used to take over
 * the agent's connection, and with it the agent's launches.
 */
@QuarkusTest
@TestProfile(RemoteAgentsTest.SchedulerOnly.class)
class StolenAgentIdTest {

    private static Vertx vertx;
    private static AgentNode real;

    @AfterAll
    static void stop() {
        if (vertx != null) {
            real.close();
            vertx.close();
        }
    }

    @Test
    void a_second_connection_claiming_a_connected_agents_id_is_closed_with_a_reason_and_the_agent_keeps_its_tasks() throws Exception {
        vertx = Vertx.vertx();
        real = ForgedReportTest.agent(vertx, "agent-owner", "host-owner", "owner");
        real.start();
        await("agent-owner to be ACTIVE").atMost(Duration.ofSeconds(30)).until(() ->
                "ACTIVE".equals(given().get("/api/v1/agents/agent-owner").then().extract().path("state")));

        AtomicBoolean registered = new AtomicBoolean();
        CompletableFuture<Short> closed = new CompletableFuture<>();
        CompletableFuture<String> reason = new CompletableFuture<>();
        WebSocket thief = vertx.createHttpClient().webSocket(RestAssured.port, "localhost", "/api/v1/agents/connect")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        thief.textMessageHandler(text -> registered.compareAndSet(false, text.contains("egistered")));
        thief.closeHandler(v -> {
            reason.complete(thief.closeReason());
            closed.complete(thief.closeStatusCode());
        });
        thief.writeTextMessage(Wire.encode(new Message.Register("agent-owner", "host-thief", 1, 1024, 100, 0, List.of(),
                Map.of("who", "owner"), List.of(), 0)));

        assertEquals((short) 1008, closed.get(10, TimeUnit.SECONDS));
        assertEquals(true, reason.get().contains("already connected"), reason.get());
        assertFalse(registered.get(), "the second connection was registered");

        // the real agent still holds its id: a job placed on it runs there
        given().contentType(ContentType.JSON).body("""
                {"name":"stolen-id-target","command":"sleep 600","resources":{"cpus":0.1,"memMb":16},
                 "constraints":[["who","EQUALS","owner"]]}""").post("/api/v1/jobs").then().statusCode(201);
        long run = given().post("/api/v1/jobs/stolen-id-target/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        await("the run to be RUNNING on agent-owner").atMost(Duration.ofSeconds(30)).until(() ->
                "RUNNING".equals(given().get("/api/v1/runs/" + run).then().extract().path("state")));
        assertEquals("host-owner", given().get("/api/v1/agents/agent-owner").then().extract().path("hostname"));
        given().post("/api/v1/runs/" + run + "/kill").then().statusCode(200);
    }
}
