package io.kairos.agent.node;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Standalone with authentication on and no join token set: its own agent, which joins over the loopback WebSocket like
 * a remote one, still joins and runs jobs, while a remote agent, whatever it shows, is refused.
 */
@QuarkusTest
@TestProfile(InProcessAgentJoinTest.AuthOnNoJoinToken.class)
class InProcessAgentJoinTest {

    static final String ADMIN = "test-admin-secret-0123456789";

    public static class AuthOnNoJoinToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kairos.auth", "on", "kairos.admin-token", ADMIN);
        }
    }

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN);
    }

    @Test
    void the_standalone_agent_joins_and_runs_a_process_job() {
        admin().contentType(ContentType.JSON).body("""
                {"name":"local-echo","command":"echo hi","resources":{"cpus":0.1,"memMb":16}}""")
                .post("/api/v1/jobs").then().statusCode(201);
        long run = admin().post("/api/v1/jobs/local-echo/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        await("the run to succeed on the in-process agent").atMost(Duration.ofSeconds(60)).until(() ->
                "SUCCEEDED".equals(admin().get("/api/v1/runs/" + run).then().extract().path("state")));
        assertThat(admin().get("/api/v1/runs/" + run).then().extract().<String>path("attempts[0].agentId"),
                containsString("local-test-"));
    }

    @Test
    void a_remote_agent_is_refused_when_no_join_token_is_set() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("localhost").setPort(RestAssured.port)
                    .setURI("/api/v1/agents/connect").addHeader("Authorization", "Bearer some-guess-0123456789");
            ExecutionException e = assertThrows(ExecutionException.class, () -> vertx.createWebSocketClient().connect(options)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertThat(e.getCause(), instanceOf(UpgradeRejectedException.class));
            UpgradeRejectedException refused = (UpgradeRejectedException) e.getCause();
            assertEquals(401, refused.getStatus());
            assertThat(refused.getBody().toString(), containsString("has no join token (KAIROS_AGENT_JOIN_TOKEN is not set on it), and this is no agent's own token"));
        } finally {
            vertx.close();
        }
    }
}
