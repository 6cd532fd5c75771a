package io.kairos;

import io.kairos.testing.KairosProcess;
import io.kairos.testing.ProcessDatabase;
import io.kairos.testing.ProcessDatabase;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two schedulers elect a leader through ZooKeeper (Curator's in-process test server); one agent knows both. The
 * leader is killed (SIGKILL) while a run goes on and a schedule fires every 2 s: the other takes the lead with a
 * newer epoch, the agent moves over with its running task, the run ends on its first attempt, and no slot of the
 * schedule is lost or run twice. A kill asked of a follower is carried out by the leader.
 */
class FailoverIT {

    @RegisterExtension
    static final ProcessDatabase DB = new ProcessDatabase("failover-it");
    private static TestingServer zookeeper;

    @BeforeAll
    static void start() throws Exception {
        zookeeper = new TestingServer(true);
    }

    @AfterAll
    static void stop() throws Exception {
        if (zookeeper != null) {
            zookeeper.close();
        }
    }

    private static Map<String, String> scheduler(String name, int port) {
        return DB.env(name, Map.of(
                "KAIROS_ROLE", "scheduler",
                // everything here talks over loopback: a scheduler bound there runs open (the auth tests are elsewhere)
                "KAIROS_HTTP_HOST", "127.0.0.1",
                "KAIROS_ZOOKEEPER_CONNECT", zookeeper.getConnectString(),
                "KAIROS_ADVERTISED_URL", "http://127.0.0.1:" + port,
                // a dead leader's ZooKeeper session ends within a few seconds
                "KAIROS_CLUSTER_SESSION_TIMEOUT", "4s",
                "KAIROS_AGENT_LOST_AFTER", "20s"));
    }

    @Test
    void the_follower_takes_the_lead_and_the_run_and_the_schedule_go_on_without_loss_or_repeat() throws Exception {
        int portA = KairosProcess.freePort();
        int portB = KairosProcess.freePort();
        Path log = Path.of("target", "failover-it.log");
        KairosProcess a = KairosProcess.start(scheduler("a", portA), log, portA);
        try (a; KairosProcess b = KairosProcess.start(scheduler("b", portB), log, portB);
             KairosProcess agent = startAgent(a, portB, log)) {
            await("a to lead").atMost(Duration.ofSeconds(30)).until(() -> cluster(a).getBoolean("leader"));
            long epochA = cluster(a).getLong("epoch");
            assertEquals(false, cluster(b).getBoolean("leader"));
            assertEquals(a.baseUrl(), cluster(b).getString("leaderUrl"), "the follower names the leader");
            await("the agent to join the leader").atMost(Duration.ofSeconds(30))
                    .until(() -> given().baseUri(a.baseUrl()).get("/api/v1/agents").then().extract().jsonPath().getList("id").size() == 1);

            // jobs go in through the follower: every scheduler serves the API
            create(b, "{\"name\":\"every2s\",\"command\":\"true\",\"resources\":{\"cpus\":0.1,\"memMb\":16},"
                    + "\"schedule\":{\"cron\":\"*/2 * * * * *\"}}");
            create(b, "{\"name\":\"long\",\"command\":\"echo begin; sleep 8; echo end\",\"resources\":{\"cpus\":0.1,\"memMb\":16}}");
            long run = given().baseUri(b.baseUrl()).post("/api/v1/jobs/long/runs").then().statusCode(201)
                    .extract().jsonPath().getLong("id");
            await("the long run to start").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> stdout(b, run).equals("begin\n"));
            await().atMost(Duration.ofSeconds(30)).until(() -> slots("every2s").size() >= 2);

            a.crash();
            Instant crashedAt = Instant.now();

            await("b to lead").atMost(Duration.ofSeconds(60)).until(() -> cluster(b).getBoolean("leader"));
            assertTrue(cluster(b).getLong("epoch") > epochA, "a new term has a newer epoch");
            await("the run to end").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "SUCCEEDED".equals(run(b, run).getString("state")));
            assertEquals(1, run(b, run).getInt("attemptCount"), "the agent kept the task and the new leader adopted it");
            assertEquals("begin\nend\n", stdout(b, run));
            await("slots after the failover").atMost(Duration.ofSeconds(60))
                    .until(() -> slots("every2s").stream().filter(s -> s.isAfter(crashedAt.plusSeconds(4))).count() >= 2);

            // a kill asked of a follower: the leader finds it in the database and carries it out
            try (KairosProcess a2 = KairosProcess.start(scheduler("a", portA), log, portA)) {
                assertEquals(false, cluster(a2).getBoolean("leader"));
                create(a2, "{\"name\":\"killme\",\"command\":\"echo up; sleep 120\",\"resources\":{\"cpus\":0.1,\"memMb\":16}}");
                long victim = given().baseUri(a2.baseUrl()).post("/api/v1/jobs/killme/runs").then().statusCode(201)
                        .extract().jsonPath().getLong("id");
                await().atMost(Duration.ofSeconds(30)).until(() -> stdout(b, victim).equals("up\n"));
                given().baseUri(a2.baseUrl()).post("/api/v1/runs/" + victim + "/kill").then().statusCode(200);
                await("the leader to kill it").atMost(Duration.ofSeconds(30))
                        .until(() -> "KILLED".equals(run(b, victim).getString("state")));
            }
        }

        List<Instant> slots = slots("every2s");
        for (int i = 1; i < slots.size(); i++) {
            assertEquals(Duration.ofSeconds(2), Duration.between(slots.get(i - 1), slots.get(i)),
                    "slots must follow each other every 2 s with none missing or doubled: " + slots);
        }
    }

    private static KairosProcess startAgent(KairosProcess a, int portB, Path log) throws Exception {
        return KairosProcess.start(Map.of(
                "KAIROS_ROLE", "agent",
                "KAIROS_SCHEDULER_URL", a.baseUrl() + ",http://127.0.0.1:" + portB,
                "KAIROS_DATA_DIR", DB.dir("agent").toString(),
                "KAIROS_AGENT_ID", "failover-it-" + UUID.randomUUID(),
                "KAIROS_AGENT_RESOURCES", "cpus:4;mem:4096;disk:1000"), log);
    }

    private static void create(KairosProcess k, String json) {
        given().baseUri(k.baseUrl()).contentType(ContentType.JSON).body(json).post("/api/v1/jobs").then().statusCode(201);
    }

    private static JsonPath cluster(KairosProcess k) {
        return given().baseUri(k.baseUrl()).get("/api/v1/cluster").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath run(KairosProcess k, long run) {
        return given().baseUri(k.baseUrl()).get("/api/v1/runs/" + run).then().statusCode(200).extract().jsonPath();
    }

    private static String stdout(KairosProcess k, long run) {
        return given().baseUri(k.baseUrl()).get("/api/v1/runs/" + run + "/log?stream=stdout").then().statusCode(200)
                .extract().path("data");
    }

    /** The job's recorded slots, oldest first, straight from the database (each slot is one row). */
    private static List<Instant> slots(String job) throws Exception {
        List<Instant> out = new ArrayList<>();
        try (Connection c = DB.connect();
             var st = c.prepareStatement("select scheduled_at from run where job_name = ? order by scheduled_at")) {
            st.setString(1, job);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getTimestamp(1).toInstant());
                }
            }
        }
        return out;
    }
}
