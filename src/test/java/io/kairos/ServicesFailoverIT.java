package io.kairos;

import io.kairos.testing.KairosProcess;
import io.kairos.testing.ProcessDatabase;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Services across the faults of a real cluster: two schedulers (ZooKeeper elects one), two agent processes, instances
 * that are busybox httpd processes checked over HTTP by their agents. The leader is killed in the middle of a rolling
 * restart, and the new leader finishes it; then an agent is killed and stays away past lost-after, and its instances
 * are replaced on the other agent.
 */
class ServicesFailoverIT {

    @RegisterExtension
    static final ProcessDatabase DB = new ProcessDatabase("services-failover-it");
    private static final String MARK = "svc-it-" + UUID.randomUUID().toString().substring(0, 8);
    private static TestingServer zookeeper;

    @BeforeAll
    static void start() throws Exception {
        zookeeper = new TestingServer(true);
    }

    @AfterAll
    static void stop() throws Exception {
        new ProcessBuilder("pkill", "-f", MARK).start().waitFor();
        if (zookeeper != null) {
            zookeeper.close();
        }
    }

    private static Map<String, String> scheduler(String name, int port) {
        return DB.env(name, Map.of(
                "KAIROS_ROLE", "scheduler",
                "KAIROS_HTTP_HOST", "127.0.0.1",
                "KAIROS_ZOOKEEPER_CONNECT", zookeeper.getConnectString(),
                "KAIROS_ADVERTISED_URL", "http://127.0.0.1:" + port,
                "KAIROS_CLUSTER_SESSION_TIMEOUT", "4s",
                "KAIROS_AGENT_LOST_AFTER", "10s"));
    }

    private static KairosProcess agent(String name, String schedulers, String ports, Path log) throws Exception {
        return KairosProcess.start(Map.of(
                "KAIROS_ROLE", "agent",
                "KAIROS_SCHEDULER_URL", schedulers,
                "KAIROS_DATA_DIR", DB.dir(name).toString(),
                "KAIROS_AGENT_ID", MARK + "-" + name,
                "KAIROS_AGENT_LOST_AFTER", "10s",
                "KAIROS_AGENT_RESOURCES", "cpus:2;mem:2048;disk:1000;ports:[" + ports + "]"), log);
    }

    @Test
    void a_new_leader_finishes_a_rolling_restart_and_instances_of_a_lost_agent_are_replaced() throws Exception {
        int portA = KairosProcess.freePort();
        int portB = KairosProcess.freePort();
        Path log = Path.of("target", "services-failover-it.log");
        String both = "http://127.0.0.1:" + portA + ",http://127.0.0.1:" + portB;
        KairosProcess a = KairosProcess.start(scheduler("a", portA), log, portA);
        try (a; KairosProcess b = KairosProcess.start(scheduler("b", portB), log, portB);
             KairosProcess one = agent("one", both, "39100-39119", log)) {
            KairosProcess two = agent("two", both, "39120-39139", log);
            try (two) {
                await("a to lead").atMost(Duration.ofSeconds(30)).until(() -> cluster(a).getBoolean("leader"));
                await("both agents").atMost(Duration.ofSeconds(30))
                        .until(() -> given().baseUri(a.baseUrl()).get("/api/v1/agents").then().extract().jsonPath().getList("id").size() == 2);
                given().baseUri(b.baseUrl()).contentType(ContentType.JSON).body("""
                        {"id": "/it/web", "instances": 3, "resources": {"cpus": 0.05, "memMb": 16},
                         "command": "d=$(mktemp -d /tmp/%s-XXXXXX) && echo ok > $d/health && exec busybox httpd -f -p 127.0.0.1:$PORT0 -h $d",
                         "ports": [{"name": "http"}], "constraints": [["hostname", "GROUP_BY"]],
                         "healthChecks": [{"protocol": "HTTP", "path": "/health", "gracePeriodSeconds": 10, "intervalSeconds": 1,
                                           "timeoutSeconds": 1, "maxConsecutiveFailures": 2}],
                         "upgradeStrategy": {"minimumHealthCapacity": 0.6, "maximumOverCapacity": 0}}""".formatted(MARK))
                        .post("/api/v1/services").then().statusCode(201);
                Set<Long> old = awaitHealthy(a, 3);

                given().baseUri(b.baseUrl()).post("/api/v1/services/it/web/restart").then().statusCode(200);
                await("the restart under way").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            Set<Long> now = healthy(a);
                            return now.stream().anyMatch(t -> !old.contains(t)) && now.stream().anyMatch(old::contains);
                        });
                a.crash();
                await("b to lead").atMost(Duration.ofSeconds(60)).until(() -> cluster(b).getBoolean("leader"));
                await("the new leader to finish the restart").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                        .until(() -> {
                            Set<Long> now = healthy(b);
                            return now.size() == 3 && now.stream().noneMatch(old::contains) && service(b).get("deployment") == null;
                        });
                assertEquals("SUCCEEDED", given().baseUri(b.baseUrl()).get("/api/v1/deployments?all=true").then().extract()
                        .jsonPath().getString("find { it.kind == 'RESTART' }.state"));

                // agent two goes away for good: its instances are lost and started again on agent one
                Set<Long> onTwo = instancesOn(b, MARK + "-two");
                two.crash();
                await("agent two lost, its instances replaced").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .until(() -> healthy(b).size() == 3 && instancesOn(b, MARK + "-two").isEmpty());
                List<Map<String, Object>> tasks = service(b).getList("tasks");
                for (long lost : onTwo) {
                    assertTrue(tasks.stream().anyMatch(t -> ((Number) t.get("id")).longValue() == lost && "LOST".equals(t.get("state"))),
                            "instance " + lost + " of the lost agent is LOST: " + tasks);
                }
            }
        }
    }

    private static JsonPath cluster(KairosProcess k) {
        return given().baseUri(k.baseUrl()).get("/api/v1/cluster").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath service(KairosProcess k) {
        return given().baseUri(k.baseUrl()).get("/api/v1/services/it/web").then().statusCode(200).extract().jsonPath();
    }

    private static Set<Long> healthy(KairosProcess k) {
        List<Map<String, Object>> tasks = service(k).getList("tasks");
        return tasks.stream().filter(t -> "RUNNING".equals(t.get("state")) && "HEALTHY".equals(t.get("health")))
                .map(t -> ((Number) t.get("id")).longValue()).collect(Collectors.toSet());
    }

    private static Set<Long> instancesOn(KairosProcess k, String agent) {
        List<Map<String, Object>> tasks = service(k).getList("tasks");
        return tasks.stream().filter(t -> agent.equals(t.get("agentId")) && List.of("STAGING", "RUNNING", "KILLING").contains(t.get("state")))
                .map(t -> ((Number) t.get("id")).longValue()).collect(Collectors.toSet());
    }

    private static Set<Long> awaitHealthy(KairosProcess k, int n) {
        await(n + " healthy").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> healthy(k).size() == n);
        return healthy(k);
    }
}
