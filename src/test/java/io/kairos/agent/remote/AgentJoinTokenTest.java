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
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With authentication on, an agent joins only with the join token (issue 11): a WebSocket client without it, or with
 * a wrong one, is refused before the upgrade, so it never registers and never receives a launch (with a job's env);
 * a real agent with a wrong one says why and keeps trying; a real agent with the right token registers and runs a
 * process job.
 */
@QuarkusTest
@TestProfile(AgentJoinTokenTest.JoinTokenSet.class)
class AgentJoinTokenTest {

    static final String ADMIN = "test-admin-secret-0123456789";
    static final String JOIN = "test-join-token-0123456789";

    public static class JoinTokenSet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kairos.role", "scheduler", "kairos.auth", "on", "kairos.admin-token", ADMIN,
                    "kairos.agent.join-token", JOIN,
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

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN);
    }

    /** What one handshake got: refused (with the HTTP status and body) or connected (and what it was sent since). */
    record Knock(Optional<UpgradeRejectedException> refused, List<Message> received) {
        boolean gotLaunch() {
            return received.stream().anyMatch(m -> m instanceof Message.Launch);
        }
    }

    /** Opens the agent WebSocket with this Authorization header (none when null) and, if let in, registers as {@code id}. */
    static Knock knock(String authorization, String id) throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("localhost").setPort(RestAssured.port)
                .setURI("/api/v1/agents/connect");
        if (authorization != null) {
            options.addHeader("Authorization", authorization);
        }
        List<Message> received = new CopyOnWriteArrayList<>();
        WebSocket ws;
        try {
            ws = vertx.createWebSocketClient().connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException r) {
                return new Knock(Optional.of(r), received);
            }
            throw e;
        }
        ws.textMessageHandler(text -> received.add(Wire.decode(text)));
        ws.writeTextMessage(Wire.encode(new Message.Register(id, "host-" + id, 4, 4096, 1000, 0, List.of(),
                Map.of("who", id), List.of(), 0)));
        return new Knock(Optional.empty(), received);
    }

    /** Offers the intruder a job only it could take, and checks it neither joined the pool nor got the launch. */
    private static void assertKeptOut(Knock knock, String id) {
        admin().contentType(ContentType.JSON).body("{\"name\":\"for-" + id + "\",\"command\":\"echo hi\","
                + "\"env\":{\"DB_PASSWORD\":\"hunter2\"},\"resources\":{\"cpus\":0.1,\"memMb\":16},"
                + "\"constraints\":[[\"who\",\"EQUALS\",\"" + id + "\"]]}").post("/api/v1/jobs").then().statusCode(201);
        long run = admin().post("/api/v1/jobs/for-" + id + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        // an admitted agent registers and is offered the run within a few hundred milliseconds
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
        List<String> agents = admin().get("/api/v1/agents").then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(agents, not(hasItem(id)));
        assertTrue(!knock.gotLaunch(), "the intruder was sent a launch: " + knock.received());
        assertThat(admin().get("/api/v1/runs/" + run).then().extract().<String>path("state"), not(containsString("RUNNING")));
        UpgradeRejectedException refused = knock.refused().orElseThrow(() -> new AssertionError("the handshake was upgraded"));
        assertEquals(401, refused.getStatus());
        assertThat(refused.getHeaders().get("Content-Type"), containsString("application/problem+json"));
        assertThat(refused.getBody().toString(), containsString("KAIROS_AGENT_JOIN_TOKEN"));
        assertThat(refused.getBody().toString(), not(containsString(JOIN)));
    }

    @Test
    void an_agent_without_a_token_is_refused_and_gets_no_launch() throws Exception {
        assertKeptOut(knock(null, "intruder-no-token"), "intruder-no-token");
    }

    @Test
    void an_agent_with_a_wrong_token_is_refused_and_gets_no_launch() throws Exception {
        assertKeptOut(knock("Bearer test-join-token-0123456788", "intruder-wrong-token"), "intruder-wrong-token");
    }

    @Test
    void an_api_token_is_not_a_join_token() throws Exception {
        assertKeptOut(knock("Bearer " + ADMIN, "intruder-admin-token"), "intruder-admin-token");
    }

    @Test
    void an_agent_with_a_wrong_token_says_why_once_keeps_trying_and_no_log_shows_a_token() {
        String wrong = "wrong-join-token-0123456789";
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(r.getLevel() + " " + (r instanceof ExtLogRecord e ? e.getFormattedMessage() : r.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = LogContext.getLogContext().getLogger("");
        root.addHandler(capture);
        AgentNode node = agent("agent-wrong", Optional.of(wrong));
        try {
            node.start();
            // reconnecting every 200 ms: several refusals by the scheduler in this time
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    lines.stream().filter(l -> l.contains("refused an agent connection from")).count() >= 3);
        } finally {
            node.close();
            root.removeHandler(capture);
        }
        assertTrue(!node.connected());
        List<String> agents = admin().get("/api/v1/agents").then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(agents, not(hasItem("agent-wrong")));
        List<String> told = lines.stream().filter(l -> l.contains("refused agent agent-wrong")).toList();
        assertEquals(1, told.size(), "the agent says it once, not at every attempt: " + lines);
        assertThat(told.get(0), containsString("ERROR"));
        assertThat(told.get(0), containsString("KAIROS_AGENT_JOIN_TOKEN"));
        for (String line : lines) {
            assertThat(line, not(containsString(wrong)));
            assertThat(line, not(containsString(JOIN)));
        }
    }

    private static AgentNode agent(String id, Optional<String> token) {
        return TestAgents.node(vertx, "http://localhost:" + RestAssured.port, id, token, AgentTls.NONE);
    }

    @Test
    void an_agent_with_the_join_token_registers_and_runs_a_process_job() {
        AgentNode node = agent("agent-joined", Optional.of(JOIN));
        node.start();
        try {
            await("agent-joined to register").atMost(Duration.ofSeconds(20)).until(node::connected);
            admin().contentType(ContentType.JSON).body("""
                    {"name":"joined-echo","command":"echo hi","resources":{"cpus":0.1,"memMb":16},
                     "constraints":[["who","EQUALS","agent-joined"]]}""").post("/api/v1/jobs").then().statusCode(201);
            long run = admin().post("/api/v1/jobs/joined-echo/runs").then().statusCode(201).extract().jsonPath().getLong("id");
            await("the run to succeed on agent-joined").atMost(Duration.ofSeconds(60)).until(() ->
                    "SUCCEEDED".equals(admin().get("/api/v1/runs/" + run).then().extract().path("state")));
            assertEquals("agent-joined", admin().get("/api/v1/runs/" + run).then().extract().path("attempts[0].agentId"));
            assertThat(admin().get("/api/v1/runs/" + run + "/log?stream=stdout").then().statusCode(200)
                    .extract().<String>path("data"), containsString("hi"));
        } finally {
            node.close(true);
        }
    }
}
