package io.kairos.agent.remote;

import io.kairos.agent.node.AgentNode;
import io.kairos.agent.node.AgentTls;
import io.kairos.agent.protocol.Message;
import io.kairos.agent.protocol.Wire;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-agent tokens (issue 11): on a scheduler with authentication on and no shared join token, an agent joins with the
 * token an admin made for its id, only under that id, and is shut out (its open connection closed) when the token is
 * revoked.
 */
@QuarkusTest
@TestProfile(AgentOwnTokenTest.NoJoinToken.class)
class AgentOwnTokenTest {

    static final String ADMIN = "test-admin-secret-0123456789";

    public static class NoJoinToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kairos.role", "scheduler", "kairos.auth", "on", "kairos.admin-token", ADMIN,
                    "kairos.agent.heartbeat-interval", "300ms", "kairos.agent.lost-after", "3s");
        }
    }

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN);
    }

    private static String tokenFor(String agent) {
        return admin().contentType(ContentType.JSON).body("{\"agent\":\"" + agent + "\"}").post("/api/v1/agent-tokens")
                .then().statusCode(201).body("agent", equalTo(agent)).extract().path("token");
    }

    private static AgentNode agent(String id, String token) {
        return TestAgents.node(vertx, "http://localhost:" + RestAssured.port, id, Optional.of(token), AgentTls.NONE);
    }

    private static List<String> agents() {
        return admin().get("/api/v1/agents").then().statusCode(200).extract().jsonPath().getList("id");
    }

    @Test
    void an_agent_with_its_own_token_registers_and_runs_a_job_and_is_shut_out_when_it_is_revoked() {
        String token = tokenFor("agent-own");
        admin().get("/api/v1/agent-tokens").then().statusCode(200)
                .body("find { it.agent == 'agent-own' }.createdBy", equalTo("admin"))
                .body("find { it.agent == 'agent-own' }.token", nullValue());
        assertThat(admin().get("/api/v1/agent-tokens").asString(), not(containsString(token)));
        AgentNode node = agent("agent-own", token);
        node.start();
        try {
            await("agent-own to register").atMost(Duration.ofSeconds(20)).until(node::connected);
            admin().contentType(ContentType.JSON).body("""
                    {"name":"own-echo","command":"echo own","resources":{"cpus":0.1,"memMb":16},
                     "constraints":[["who","EQUALS","agent-own"]]}""").post("/api/v1/jobs").then().statusCode(201);
            long run = admin().post("/api/v1/jobs/own-echo/runs").then().statusCode(201).extract().jsonPath().getLong("id");
            await("the run to succeed on agent-own").atMost(Duration.ofSeconds(60)).until(() ->
                    "SUCCEEDED".equals(admin().get("/api/v1/runs/" + run).then().extract().path("state")));

            admin().delete("/api/v1/agent-tokens/agent-own").then().statusCode(204);
            await("the revoked agent's connection to close").atMost(Duration.ofSeconds(20))
                    .until(() -> Boolean.FALSE.equals(admin().get("/api/v1/agents/agent-own").then().extract().path("connected")));
            // it keeps trying, and is refused at the handshake now
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
            assertTrue(!node.connected(), "the agent got back in with a revoked token");
        } finally {
            node.close(true);
        }
        admin().get("/api/v1/audit?target=agent-own").then().statusCode(200)
                .body("action", hasItem("agent-token.create")).body("action", hasItem("agent-token.revoke"));
    }

    @Test
    void an_agents_token_does_not_let_it_register_as_another_agent() throws Exception {
        String token = tokenFor("agent-honest");
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("localhost").setPort(RestAssured.port)
                .setURI("/api/v1/agents/connect").addHeader("Authorization", "Bearer " + token);
        WebSocket ws = vertx.createWebSocketClient().connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        CompletableFuture<String> closed = new CompletableFuture<>();
        ws.closeHandler(v -> closed.complete(ws.closeStatusCode() + " " + ws.closeReason()));
        ws.writeTextMessage(Wire.encode(new Message.Register("agent-victim", "host-victim", 4, 4096, 1000, 0, List.of(),
                Map.of(), List.of(), 0)));
        String why = closed.get(10, TimeUnit.SECONDS);
        assertEquals("1008 this token is agent agent-honest's own; it cannot register as agent-victim", why);
        assertThat(agents(), not(hasItem("agent-victim")));
    }

    @Test
    void without_a_join_token_a_wrong_token_is_refused_at_the_handshake_and_says_what_would_do() throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("localhost").setPort(RestAssured.port)
                .setURI("/api/v1/agents/connect").addHeader("Authorization", "Bearer not-anyones-token-0123456789");
        try {
            vertx.createWebSocketClient().connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("the handshake was upgraded");
        } catch (ExecutionException e) {
            UpgradeRejectedException r = (UpgradeRejectedException) e.getCause();
            assertEquals(401, r.getStatus());
            assertThat(r.getBody().toString(), containsString("KAIROS_AGENT_TOKEN"));
            assertThat(r.getBody().toString(), containsString("KAIROS_AGENT_JOIN_TOKEN is not set"));
        }
    }

    @Test
    void agent_tokens_are_an_admins_to_make_one_per_agent_and_bad_bodies_name_the_field() {
        tokenFor("agent-once");
        admin().contentType(ContentType.JSON).body("{\"agent\":\"agent-once\"}").post("/api/v1/agent-tokens")
                .then().statusCode(409).contentType("application/problem+json");
        admin().contentType(ContentType.JSON).body("{\"agnet\":\"x\"}").post("/api/v1/agent-tokens")
                .then().statusCode(422).contentType("application/problem+json").body(containsString("/agnet"));
        admin().contentType(ContentType.JSON).body("{}").post("/api/v1/agent-tokens")
                .then().statusCode(422).body(containsString("/agent"));
        given().contentType(ContentType.JSON).body("{\"agent\":\"x\"}").post("/api/v1/agent-tokens").then().statusCode(401);
        given().get("/api/v1/agent-tokens").then().statusCode(401);
        String viewer = admin().contentType(ContentType.JSON).body("{\"name\":\"agent-token-viewer\",\"role\":\"viewer\"}")
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
        given().header("Authorization", "Bearer " + viewer).get("/api/v1/agent-tokens").then().statusCode(403);
        given().header("Authorization", "Bearer " + viewer).delete("/api/v1/agent-tokens/agent-once").then().statusCode(403);
        admin().delete("/api/v1/agent-tokens/no-such-agent").then().statusCode(404).contentType("application/problem+json");
    }
}
