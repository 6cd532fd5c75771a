package io.kairos.framework;

import io.kairos.run.RunState;
import io.kairos.testing.Docker;
import io.kairos.testing.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Jobs asking for host ports and GPUs, through the real path: the test agent offers ports 38200-38209 and no GPU
 * (application.properties), publishes container ports on 127.0.0.1.
 */
@QuarkusTest
class PortsAndGpusTest {

    private static void createJob(String json) {
        given().contentType(ContentType.JSON).body(json).post("/api/v1/jobs").then().statusCode(201);
    }

    private static long runNow(String job) {
        return given().post("/api/v1/jobs/" + job + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static String stateOf(long run) {
        return given().get("/api/v1/runs/" + run).then().statusCode(200).extract().path("state");
    }

    /** The run's record and its stderr, for failure messages: its state, waitingFor and each attempt's end. */
    private static String runRecord(long run) {
        return given().get("/api/v1/runs/" + run).asString()
                + " stderr: " + given().get("/api/v1/runs/" + run + "/log?stream=stderr").asString();
    }

    private static String stdout(long run) {
        return given().get("/api/v1/runs/" + run + "/log?stream=stdout").then().statusCode(200).extract().path("data");
    }

    @Test
    void a_task_sees_the_ports_it_was_given_as_PORT0_PORT1_and_PORTS() {
        createJob("""
                {"name":"ports-env","command":"echo ports=$PORT0,$PORT1 port=$PORT all=$PORTS",
                 "resources":{"cpus":0.1,"memMb":32,"ports":2}}""");
        long run = runNow("ports-env");
        await().atMost(Duration.ofSeconds(30)).until(() -> RunState.valueOf(stateOf(run)).isTerminal());
        assertEquals("SUCCEEDED", stateOf(run));
        List<Integer> given = given().get("/api/v1/runs/" + run).then().extract().jsonPath().getList("attempts[0].ports", Integer.class);
        assertEquals(2, given.size(), "the attempt records its two ports");
        assertTrue(given.stream().allMatch(p -> p >= 38200 && p <= 38209), "ports come from the agent's range: " + given);
        String p0 = given.get(0).toString();
        String p1 = given.get(1).toString();
        assertEquals("ports=" + p0 + "," + p1 + " port=" + p0 + " all=" + p0 + "," + p1 + "\n", stdout(run));
    }

    @Test
    void a_container_listening_on_PORT0_is_reachable_on_the_agent_host_at_that_port() throws Exception {
        Docker.requireDocker();
        String image = TestImages.busybox();
        createJob("""
                {"name":"ports-httpd","container":{"image":"%s"},
                 "command":"mkdir -p /www && echo served-by-kairos > /www/index.html && echo listening on $PORT0 && exec httpd -f -p $PORT0 -h /www",
                 "resources":{"cpus":0.1,"memMb":32,"ports":1}}""".formatted(image));
        long run = runNow("ports-httpd");
        try {
            // ends early, with the run's whole record, when the run ends instead of listening (a bind refused, say)
            try {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> stdout(run).contains("listening on ") || RunState.valueOf(stateOf(run)).isTerminal());
            } catch (ConditionTimeoutException e) {
                fail("httpd did not say it listens within 60 s; the run: " + runRecord(run), e);
            }
            assertTrue(stdout(run).contains("listening on "), () -> "the run ended before httpd listened: " + runRecord(run));
            Matcher m = Pattern.compile("listening on (\\d+)").matcher(stdout(run));
            assertTrue(m.find());
            int port = Integer.parseInt(m.group(1));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/index.html"))
                    .timeout(Duration.ofSeconds(2)).build();
            String[] body = new String[1];
            await("httpd to answer on the published port").atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> {
                body[0] = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
                return true;
            });
            assertEquals("served-by-kairos\n", body[0]);
        } finally {
            given().post("/api/v1/runs/" + run + "/kill");
            await().atMost(Duration.ofSeconds(30)).until(() -> RunState.valueOf(stateOf(run)).isTerminal());
        }
    }

    /**
     * The agent's range is not its own: another program on the host may listen on one of its ports. Such a task is
     * not launched, and the run is queued again on the agent's next ports without using up a retry; here every port
     * is held, so the run ends after {@code kairos.run.max-lost-attempts} attempts, each naming the port it could not
     * have. (The port Docker could not publish once failed the run outright, with the job's retries.)
     */
    @Test
    void a_task_whose_port_another_program_holds_is_not_launched_and_is_queued_again_on_the_next_port() throws Exception {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int p = 38200; p <= 38209; p++) {
                held.add(new ServerSocket(p, 5, InetAddress.getByName("127.0.0.1")));
            }
            createJob("""
                    {"name":"ports-held","command":"echo should not run","retries":{"max":5},
                     "resources":{"cpus":0.1,"memMb":32,"ports":1}}""");
            long run = runNow("ports-held");
            await().atMost(Duration.ofSeconds(30)).until(() -> RunState.valueOf(stateOf(run)).isTerminal());
            var record = given().get("/api/v1/runs/" + run).then().extract().jsonPath();
            assertEquals("FAILED", record.getString("state"), runRecord(run));
            assertEquals(0, record.getInt("failures"), "the job's retries were not used: " + runRecord(run));
            List<Integer> ports = record.getList("attempts.collect { it.ports[0] }", Integer.class);
            assertEquals(3, ports.size(), "kairos.run.max-lost-attempts (3) attempts: " + runRecord(run));
            assertEquals(3, Set.copyOf(ports).size(), "each attempt was given the next port: " + ports);
            for (int i = 0; i < 3; i++) {
                assertEquals("LOST", record.getString("attempts[" + i + "].state"));
                assertEquals("port " + ports.get(i) + " is in use on this agent's host (0.0.0.0) by a program Kairos did not start",
                        record.getString("attempts[" + i + "].message"));
            }
            assertEquals("", stdout(run), "nothing ran");
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    @Test
    void a_job_asking_for_more_ports_or_gpus_than_any_agent_has_waits_and_says_why() {
        createJob("""
                {"name":"ports-too-many","command":"true","resources":{"cpus":0.1,"memMb":32,"ports":11}}""");
        createJob("""
                {"name":"gpus-none-here","command":"true","resources":{"cpus":0.1,"memMb":32,"gpus":1}}""");
        long ports = runNow("ports-too-many");
        long gpus = runNow("gpus-none-here");
        try {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                given().get("/api/v1/runs/" + ports).then().body("state", equalTo("PENDING"))
                        .body("waitingFor", equalTo("needs 11 ports; largest free agent has 10"));
                given().get("/api/v1/runs/" + gpus).then().body("state", equalTo("PENDING"))
                        .body("waitingFor", equalTo("needs 1 gpus; largest free agent has 0"));
            });
            given().get("/api/v1/queue").then().body("id", hasItem((int) ports));
        } finally {
            given().post("/api/v1/runs/" + ports + "/kill");
            given().post("/api/v1/runs/" + gpus + "/kill");
        }
    }

    @Test
    void gpus_and_ports_round_trip_and_bad_values_name_their_field() {
        createJob("""
                {"name":"ports-roundtrip","command":"true","resources":{"cpus":0.5,"memMb":64,"gpus":2,"ports":3}}""");
        given().get("/api/v1/jobs/ports-roundtrip").then()
                .body("resources.gpus", equalTo(2)).body("resources.ports", equalTo(3));
        given().contentType(ContentType.JSON).body("""
                {"name":"ports-bad","command":"true","resources":{"ports":-1,"gpus":"one"}}""")
                .post("/api/v1/jobs").then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("/resources/ports"))
                .body("errors.field", hasItem("/resources/gpus"));
    }
}
