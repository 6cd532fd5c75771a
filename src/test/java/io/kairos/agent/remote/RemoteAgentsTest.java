package io.kairos.agent.remote;

import io.kairos.agent.AgentResources;
import io.kairos.agent.ClusterId;
import io.kairos.agent.CompositeContainerizer;
import io.kairos.agent.DockerContainerizer;
import io.kairos.agent.ProcessContainerizer;
import io.kairos.agent.node.AgentIdentity;
import io.kairos.agent.node.AgentNode;
import io.kairos.allocator.AgentId;
import io.kairos.run.RunState;
import io.kairos.testing.Docker;
import io.kairos.testing.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A scheduler with no agent of its own and two agents connected over real WebSockets to its HTTP port. The
 * agents live in the test JVM, each with its own containerizers, as the agent role would run them.
 */
@QuarkusTest
@TestProfile(RemoteAgentsTest.SchedulerOnly.class)
class RemoteAgentsTest {

    public static class SchedulerOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kairos.role", "scheduler",
                    "kairos.agent.heartbeat-interval", "300ms",
                    "kairos.agent.lost-after", "3s",
                    "kairos.kill-grace", "1s");
        }
    }

    private static Vertx vertx;
    private static AgentNode a;
    private static AgentNode b;
    /** The agents' data directories, kept across a restart as a real agent's are: the cluster id is there. */
    private static Path dataDirs;

    @BeforeEach
    void agentsConnected() {
        if (vertx == null) {
            vertx = Vertx.vertx();
            a = agent("agent-a", "rack:r1;zone:x");
            b = agent("agent-b", "rack:r2;zone:x");
        }
        a.goOnline();
        b.goOnline();
        for (String id : List.of("agent-a", "agent-b")) {
            given().post("/api/v1/agents/" + id + "/undrain");
        }
        await("both agents active").atMost(Duration.ofSeconds(20)).until(() ->
                given().get("/api/v1/agents").then().extract().jsonPath().<String>getList("findAll { it.state == 'ACTIVE' }.id")
                        .containsAll(List.of("agent-a", "agent-b")));
    }

    @AfterAll
    static void stopAgents() {
        if (vertx != null) {
            a.close();
            b.close();
            vertx.close();
        }
    }

    private static AgentNode agent(String id, String attributes) {
        try {
            dataDirs = dataDirs != null ? dataDirs : Files.createTempDirectory("remote-agents-test-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        AgentNode node = new AgentNode(vertx, List.of("http://localhost:" + RestAssured.port),
                new AgentIdentity(new AgentId(id), "host-" + id, AgentResources.parse("cpus:2;mem:2048;disk:1000;ports:[31000-31100]"),
                        AgentResources.parseAttributes(attributes)),
                new CompositeContainerizer(new DockerContainerizer(null, new AgentId(id), "0.0.0.0",
                        ClusterId.keptIn(dataDirs.resolve(id))), new ProcessContainerizer()),
                new AgentNode.Timing(Duration.ofMillis(300), Duration.ofSeconds(3), Duration.ofMillis(200)),
                Clock.systemUTC(), () -> { });
        node.start();
        return node;
    }

    private static long runNow(String name, String jobJson) {
        given().contentType(ContentType.JSON).body(jobJson).post("/api/v1/jobs").then().statusCode(201);
        return given().post("/api/v1/jobs/" + name + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static String stateOf(long run) {
        return given().get("/api/v1/runs/" + run).then().statusCode(200).extract().path("state");
    }

    private static String awaitEnd(long run) {
        await("run " + run + " to end").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> RunState.valueOf(stateOf(run)).isTerminal());
        return stateOf(run);
    }

    private static String agentOf(long run) {
        return given().get("/api/v1/runs/" + run).then().extract().path("agentId");
    }

    private static String stdout(long run) {
        return given().get("/api/v1/runs/" + run + "/log?stream=stdout").then().statusCode(200).extract().path("data");
    }

    @Test
    void both_agents_are_listed_with_resources_attributes_and_heartbeat() {
        given().get("/api/v1/agents").then().statusCode(200)
                // agents of other test classes sharing this application stay listed (LOST) as well
                .body("id", hasItems("agent-a", "agent-b"))
                .body("find { it.id == 'agent-a' }.attributes.rack", equalTo("r1"))
                .body("find { it.id == 'agent-b' }.attributes.rack", equalTo("r2"))
                .body("find { it.id == 'agent-a' }.hostname", equalTo("host-agent-a"))
                .body("find { it.id == 'agent-a' }.total.cpus", equalTo(2.0f))
                .body("find { it.id == 'agent-a' }.total.memMb", equalTo(2048))
                .body("find { it.id == 'agent-a' }.ports", equalTo(List.of("31000-31100")))
                .body("find { it.id == 'agent-a' }.connected", equalTo(true))
                .body("find { it.id == 'agent-a' }.lastHeartbeat", notNullValue());
    }

    @Test
    void an_unknown_agent_is_a_404_problem() {
        given().get("/api/v1/agents/no-such-agent").then().statusCode(404).contentType("application/problem+json");
        given().post("/api/v1/agents/no-such-agent/drain").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void a_container_run_executes_on_an_agent_and_its_output_arrives_in_the_run_log() {
        Docker.requireDocker();
        long run = runNow("remote-echo", """
                {"name":"remote-echo","container":{"image":"%s"},"command":"echo hello from $KAIROS_JOB_NAME",
                 "resources":{"cpus":0.1,"memMb":32}}""".formatted(TestImages.busybox()));
        assertEquals("SUCCEEDED", awaitEnd(run));
        assertTrue(List.of("agent-a", "agent-b").contains(agentOf(run)));
        assertEquals("hello from remote-echo\n", stdout(run));
    }

    @Test
    void a_remote_task_is_given_a_port_from_its_agents_range_over_the_wire() {
        long run = runNow("remote-port", """
                {"name":"remote-port","command":"echo port=$PORT0","constraints":[["rack","EQUALS","r2"]],
                 "resources":{"cpus":0.1,"memMb":32,"ports":1}}""");
        assertEquals("SUCCEEDED", awaitEnd(run));
        assertEquals("agent-b", agentOf(run));
        int port = given().get("/api/v1/runs/" + run).then().extract().jsonPath().getInt("attempts[0].ports[0]");
        assertTrue(port >= 31000 && port <= 31100, "port " + port + " comes from agent-b's range");
        assertEquals("port=" + port + "\n", stdout(run));
    }

    @Test
    void an_agent_restarted_while_its_container_runs_takes_it_over_and_the_run_succeeds_on_its_first_attempt() {
        Docker.requireDocker();
        given().post("/api/v1/agents/agent-b/drain").then().statusCode(200);
        long run = runNow("remote-adopt", """
                {"name":"remote-adopt","container":{"image":"%s"},"command":"echo before; sleep 4; echo after",
                 "resources":{"cpus":0.1,"memMb":32}}""".formatted(TestImages.busybox()));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> stdout(run).equals("before\n"));
        assertEquals("agent-a", agentOf(run));

        // the agent process restarts: a new node with the same id and data dir, and a containerizer that knows nothing yet
        a.close();
        a = agent("agent-a", "rack:r1;zone:x");

        assertEquals("SUCCEEDED", awaitEnd(run));
        given().get("/api/v1/runs/" + run).then()
                .body("attemptCount", equalTo(1))
                .body("attempts[0].state", equalTo("FINISHED"))
                .body("attempts[0].agentId", equalTo("agent-a"));
        assertEquals("before\nafter\n", stdout(run));
        String task = given().get("/api/v1/runs/" + run).then().extract().path("attempts[0].id").toString();
        await("the container to be removed").atMost(Duration.ofSeconds(20))
                .until(() -> Docker.containersLabelled("io.kairos.task-id", task).isEmpty());
    }

    @Test
    void a_drained_agent_receives_no_new_runs_and_shows_drained_once_idle() {
        // agent-b runs nothing: draining ends at once
        given().post("/api/v1/agents/agent-b/drain").then().statusCode(200).body("state", equalTo("DRAINED"));
        given().contentType(ContentType.JSON).body("{\"name\":\"remote-drain\",\"command\":\"echo ok\",\"resources\":{\"cpus\":0.1,\"memMb\":16}}")
                .post("/api/v1/jobs").then().statusCode(201);
        List<Long> runs = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> given().post("/api/v1/jobs/remote-drain/runs").then().statusCode(201).extract().jsonPath().getLong("id"))
                .toList();
        for (long run : runs) {
            assertEquals("SUCCEEDED", awaitEnd(run));
            assertEquals("agent-a", agentOf(run));
        }
        given().post("/api/v1/agents/agent-b/undrain").then().statusCode(200).body("state", equalTo("ACTIVE"));
    }

    @Test
    void the_run_of_an_agent_gone_silent_is_queued_again_and_finishes_on_the_other_agent() throws Exception {
        Path marker = Files.createTempDirectory("kairos-lost").resolve("first-attempt-ran");
        given().post("/api/v1/agents/agent-b/drain").then().statusCode(200);
        long run = runNow("remote-lost", """
                {"name":"remote-lost","env":{"MARKER":"%s"},
                 "command":"if [ -e \\"$MARKER\\" ]; then echo second; exit 0; fi; touch \\"$MARKER\\"; echo first; sleep 60",
                 "resources":{"cpus":0.1,"memMb":16}}""".formatted(marker));
        await().atMost(Duration.ofSeconds(30)).until(() -> stateOf(run).equals("RUNNING"));
        assertEquals("agent-a", agentOf(run));
        given().post("/api/v1/agents/agent-b/undrain").then().statusCode(200);

        a.goOffline();

        assertEquals("SUCCEEDED", awaitEnd(run));
        given().get("/api/v1/runs/" + run).then()
                .body("attempts[0].state", equalTo("LOST"))
                .body("attempts[0].agentId", equalTo("agent-a"))
                .body("attempts[1].state", equalTo("FINISHED"))
                .body("attempts[1].agentId", equalTo("agent-b"));
        given().get("/api/v1/agents/agent-a").then().body("state", equalTo("LOST")).body("connected", equalTo(false));

        // back again, agent-a reports the first attempt still running: the scheduler gave up on it, so it is killed
        assertEquals(1, a.running().size());
        a.goOnline();
        await("the abandoned task to be killed").atMost(Duration.ofSeconds(20)).until(() -> a.running().isEmpty());
        given().get("/api/v1/runs/" + run).then().body("state", equalTo("SUCCEEDED")).body("attempts[0].state", equalTo("LOST"));
    }

    @Test
    void a_status_update_sent_while_the_connection_is_down_is_delivered_after_reconnect() {
        given().post("/api/v1/agents/agent-b/drain").then().statusCode(200);
        long run = runNow("remote-offline", "{\"name\":\"remote-offline\",\"command\":\"sleep 0.5; echo done offline\","
                + "\"resources\":{\"cpus\":0.1,\"memMb\":16}}");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> stateOf(run).equals("RUNNING"));
        a.goOffline();
        await("the task to end on the disconnected agent").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> a.running().isEmpty() && a.unacknowledged() > 0);
        assertEquals("RUNNING", stateOf(run), "the scheduler cannot know yet");

        a.goOnline();

        assertEquals("SUCCEEDED", awaitEnd(run));
        await().atMost(Duration.ofSeconds(5)).until(() -> a.unacknowledged() == 0);
        given().get("/api/v1/runs/" + run).then().body("attemptCount", equalTo(1)).body("attempts[0].state", equalTo("FINISHED"));
        assertEquals("done offline\n", stdout(run));
    }

    @Test
    void constraints_choose_the_rack_and_a_rack_nobody_has_keeps_the_run_waiting_with_the_reason() {
        List<Long> onR2 = new java.util.ArrayList<>();
        given().contentType(ContentType.JSON).body("""
                {"name":"rack-r2","command":"echo placed","resources":{"cpus":0.1,"memMb":16},
                 "constraints":[["rack","EQUALS","r2"]]}""").post("/api/v1/jobs").then().statusCode(201);
        for (int i = 0; i < 3; i++) {
            onR2.add(given().post("/api/v1/jobs/rack-r2/runs").then().statusCode(201).extract().jsonPath().getLong("id"));
        }
        for (long run : onR2) {
            assertEquals("SUCCEEDED", awaitEnd(run));
            assertEquals("agent-b", agentOf(run), "rack=r2 is agent-b's rack");
        }
        long nowhere = runNow("rack-r9", """
                {"name":"rack-r9","command":"true","resources":{"cpus":0.1,"memMb":16},"constraints":[["rack","EQUALS","r9"]]}""");
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            String why = given().get("/api/v1/runs/" + nowhere).then().extract().path("waitingFor");
            return why != null && why.contains("rack") && why.contains("r9");
        });
        given().get("/api/v1/queue").then().statusCode(200)
                .body("find { it.id == " + nowhere + " }.waitingFor", notNullValue());
        given().post("/api/v1/runs/" + nowhere + "/kill").then().statusCode(200);
    }

    @Test
    void unique_hostname_spreads_a_jobs_runs_over_both_agents() {
        given().contentType(ContentType.JSON).body("""
                {"name":"unique-host","command":"sleep 5","resources":{"cpus":0.1,"memMb":16},
                 "constraints":[["hostname","UNIQUE"]]}""").post("/api/v1/jobs").then().statusCode(201);
        long first = given().post("/api/v1/jobs/unique-host/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        long second = given().post("/api/v1/jobs/unique-host/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        long third = given().post("/api/v1/jobs/unique-host/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(Duration.ofSeconds(20)).until(() -> "RUNNING".equals(stateOf(first)) && "RUNNING".equals(stateOf(second)));
        assertTrue(!agentOf(first).equals(agentOf(second)), "UNIQUE hostname: one run per agent");
        assertEquals("PENDING", stateOf(third), "a third run has no host left while both run");
        for (long r : List.of(first, second, third)) {
            given().post("/api/v1/runs/" + r + "/kill");
        }
    }
}
