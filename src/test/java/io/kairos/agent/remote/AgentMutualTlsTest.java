package io.kairos.agent.remote;

import io.kairos.agent.node.AgentNode;
import io.kairos.agent.node.AgentTls;
import io.kairos.agent.protocol.Message;
import io.kairos.agent.protocol.Wire;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutual TLS for agents (issue 11, {@code KAIROS_AGENT_MTLS=on}): the scheduler serves HTTPS with a trust store; an
 * agent is admitted by a client certificate that store verifies, under the certificate's CN only. Certificates are
 * made by the {@code openssl} command for each run: a CA, the scheduler's (localhost), an agent's signed by the CA,
 * and a stranger's signed by nobody the scheduler trusts.
 */
@QuarkusTest
@TestProfile(AgentMutualTlsTest.MutualTls.class)
class AgentMutualTlsTest {

    static final String ADMIN = "test-admin-secret-0123456789";
    static final Path CERTS = certificates();
    static final int TLS_PORT = freePort();

    public static class MutualTls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(Map.entry("kairos.role", "scheduler"), Map.entry("kairos.auth", "on"),
                    Map.entry("kairos.admin-token", ADMIN), Map.entry("kairos.agent.mtls", "on"),
                    Map.entry("kairos.agent.heartbeat-interval", "300ms"), Map.entry("kairos.agent.lost-after", "3s"),
                    Map.entry("quarkus.http.test-ssl-port", String.valueOf(TLS_PORT)),
                    Map.entry("quarkus.http.ssl.certificate.files", CERTS.resolve("server.crt").toString()),
                    Map.entry("quarkus.http.ssl.certificate.key-files", CERTS.resolve("server.key").toString()),
                    Map.entry("quarkus.http.ssl.certificate.trust-store-file", CERTS.resolve("ca.crt").toString()),
                    Map.entry("quarkus.http.ssl.certificate.trust-store-file-type", "PEM"),
                    Map.entry("quarkus.http.ssl.client-auth", "request"));
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

    private static Path certificates() {
        try {
            Path dir = Files.createTempDirectory("kairos-mtls-");
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
                    "-subj", "/CN=kairos-test-ca");
            signed(dir, "server", "localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1");
            signed(dir, "agent", "agent-cert", null);
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "stranger.key", "-out", "stranger.crt",
                    "-days", "2", "-subj", "/CN=agent-cert");
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("cannot make the test certificates (is openssl installed?): " + e.getMessage(), e);
        }
    }

    private static void signed(Path dir, String name, String cn, String san) throws IOException {
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + cn);
        if (san != null) {
            Files.writeString(dir.resolve(name + ".ext"), san + "\n");
            openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
        } else {
            openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", name + ".crt", "-days", "2");
        }
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IOException("openssl " + String.join(" ", args) + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN);
    }

    private static AgentTls tls(String name) {
        return new AgentTls(Optional.of(CERTS.resolve(name + ".crt")), Optional.of(CERTS.resolve(name + ".key")),
                Optional.of(CERTS.resolve("ca.crt")));
    }

    private static WebSocketClientOptions clientOptions(String name) {
        WebSocketClientOptions o = new WebSocketClientOptions().setConnectTimeout(5_000)
                .setTrustOptions(new PemTrustOptions().addCertPath(CERTS.resolve("ca.crt").toString()));
        if (name != null) {
            o.setKeyCertOptions(new PemKeyCertOptions().setCertPath(CERTS.resolve(name + ".crt").toString())
                    .setKeyPath(CERTS.resolve(name + ".key").toString()));
        }
        return o;
    }

    private static CompletableFuture<WebSocket> connect(String cert) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI("wss://localhost:" + TLS_PORT + "/api/v1/agents/connect");
        return vertx.createWebSocketClient(clientOptions(cert)).connect(options).toCompletionStage().toCompletableFuture();
    }

    @Test
    void an_agent_with_a_certificate_the_scheduler_trusts_registers_under_its_cn_and_runs_a_job() {
        AgentNode node = TestAgents.node(vertx, "https://localhost:" + TLS_PORT, "agent-cert", Optional.empty(), tls("agent"));
        node.start();
        try {
            await("agent-cert to register over mutual TLS").atMost(Duration.ofSeconds(20)).until(node::connected);
            admin().contentType(ContentType.JSON).body("""
                    {"name":"mtls-echo","command":"echo over tls","resources":{"cpus":0.1,"memMb":16},
                     "constraints":[["who","EQUALS","agent-cert"]]}""").post("/api/v1/jobs").then().statusCode(201);
            long run = admin().post("/api/v1/jobs/mtls-echo/runs").then().statusCode(201).extract().jsonPath().getLong("id");
            await("the run to succeed on agent-cert").atMost(Duration.ofSeconds(60)).until(() ->
                    "SUCCEEDED".equals(admin().get("/api/v1/runs/" + run).then().extract().path("state")));
        } finally {
            node.close(true);
        }
    }

    @Test
    void the_certificate_admits_only_the_agent_it_names() throws Exception {
        WebSocket ws = connect("agent").get(10, TimeUnit.SECONDS);
        CompletableFuture<String> closed = new CompletableFuture<>();
        ws.closeHandler(v -> closed.complete(ws.closeStatusCode() + " " + ws.closeReason()));
        ws.writeTextMessage(Wire.encode(new Message.Register("agent-impostor", "host-x", 4, 4096, 1000, 0, List.of(),
                Map.of(), List.of(), 0)));
        assertEquals("1008 this certificate is agent agent-cert's own; it cannot register as agent-impostor",
                closed.get(10, TimeUnit.SECONDS));
        List<String> agents = admin().get("/api/v1/agents").then().extract().jsonPath().getList("id");
        assertThat(agents, not(hasItem("agent-impostor")));
    }

    @Test
    void without_a_certificate_an_agent_is_refused_at_the_handshake_even_over_https() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> connect(null).get(10, TimeUnit.SECONDS));
        UpgradeRejectedException r = (UpgradeRejectedException) e.getCause();
        assertEquals(401, r.getStatus());
        assertThat(r.getBody().toString(), containsString("KAIROS_AGENT_MTLS=on"));
    }

    @Test
    void a_certificate_signed_by_a_stranger_gets_no_connection() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> connect("stranger").get(10, TimeUnit.SECONDS));
        assertTrue(!(e.getCause() instanceof UpgradeRejectedException) || ((UpgradeRejectedException) e.getCause()).getStatus() == 401,
                "the TLS handshake fails, or the upgrade is refused: " + e.getCause());
    }

    @Test
    void a_plain_http_agent_is_refused() throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("localhost")
                .setPort(io.restassured.RestAssured.port).setURI("/api/v1/agents/connect");
        ExecutionException e = assertThrows(ExecutionException.class, () -> vertx.createWebSocketClient().connect(options)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals(401, ((UpgradeRejectedException) e.getCause()).getStatus());
    }
}
