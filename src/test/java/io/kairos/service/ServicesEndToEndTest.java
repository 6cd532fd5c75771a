package io.kairos.service;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Services through the real path: the API, the service framework on the allocator, the in-process agent over its
 * WebSocket, real processes (busybox httpd serving a file on its host port) and the agent's own HTTP health checks.
 */
@QuarkusTest
class ServicesEndToEndTest {

    private static Path root;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void files() throws IOException {
        root = Files.createTempDirectory("kairos-services-e2e");
        root.toFile().setWritable(true, false);
        root.toFile().setExecutable(true, false);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        new ProcessBuilder("pkill", "-f", root.toString()).start().waitFor();
    }

    /** Each instance serves {@code <root>/<service>/<task id>/health}, which the test can take away. */
    private static String create(String name, int instances, String extra) {
        String dir = root.resolve(name).toString();
        given().contentType(ContentType.JSON).body("""
                {"id": "/e2e/%s", "instances": %d, "resources": {"cpus": 0.05, "memMb": 16},
                 "command": "d=%s/$KAIROS_TASK_ID; mkdir -p $d && echo ok > $d/health && exec busybox httpd -f -p 127.0.0.1:$PORT0 -h $d",
                 "ports": [{"name": "http"}],
                 "healthChecks": [{"protocol": "HTTP", "path": "/health", "gracePeriodSeconds": 10, "intervalSeconds": 1,
                                   "timeoutSeconds": 1, "maxConsecutiveFailures": 2}],
                 "backoffSeconds": 0.2 %s}""".formatted(name, instances, dir, extra))
                .post("/api/v1/services").then().statusCode(201);
        try {
            Files.createDirectories(Path.of(dir));
            Path.of(dir).toFile().setWritable(true, false);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return dir;
    }

    private static JsonPath service(String name) {
        return given().get("/api/v1/services/e2e/" + name).then().statusCode(200).extract().jsonPath();
    }

    /** Ids of the running, healthy instances. */
    private static Set<Long> healthy(String name) {
        JsonPath s = service(name);
        Set<Long> ids = new TreeSet<>();
        List<Map<String, Object>> tasks = s.getList("tasks");
        for (Map<String, Object> t : tasks) {
            if ("RUNNING".equals(t.get("state")) && "HEALTHY".equals(t.get("health"))) {
                ids.add(((Number) t.get("id")).longValue());
            }
        }
        return ids;
    }

    private static int port(String name, long task) {
        List<Map<String, Object>> tasks = service(name).getList("tasks");
        return tasks.stream().filter(t -> ((Number) t.get("id")).longValue() == task)
                .map(t -> ((List<?>) t.get("ports")).get(0)).map(p -> ((Number) p).intValue()).findFirst().orElseThrow();
    }

    private static boolean serves(int port) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().equals("ok\n");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Set<Long> awaitHealthy(String name, int n) {
        await(n + " healthy instances of " + name).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> healthy(name).size() == n && service(name).getInt("counts.running") == n);
        return healthy(name);
    }

    @Test
    void three_instances_stay_three_across_a_killed_process_and_a_failing_health_check() throws Exception {
        String dir = create("web", 3, "");
        Set<Long> first = awaitHealthy("web", 3);
        for (long task : first) {
            assertTrue(serves(port("web", task)), "instance " + task + " answers on its host port");
        }
        // a crash: the process of one instance is killed behind Kairos' back
        long crashed = first.iterator().next();
        assertEquals(0, new ProcessBuilder("pkill", "-KILL", "-f", dir + "/" + crashed + "$").start().waitFor());
        await("a replacement").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> !healthy("web").contains(crashed) && healthy("web").size() == 3);
        List<Map<String, Object>> tasks = service("web").getList("tasks");
        Map<String, Object> gone = tasks.stream().filter(t -> ((Number) t.get("id")).longValue() == crashed).findFirst().orElseThrow();
        assertEquals("FAILED", gone.get("state"), "killed from outside, as by the OOM killer, is a crash: " + gone);
        assertEquals(137, gone.get("exitCode"));
        // a failing check: one instance stops serving its health file, its agent kills it, the framework replaces it
        long sick = healthy("web").stream().filter(t -> t != crashed).findFirst().orElseThrow();
        Files.delete(Path.of(dir, Long.toString(sick), "health"));
        await("the unhealthy instance replaced").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> !healthy("web").contains(sick) && healthy("web").size() == 3);
        Map<String, Object> killed = service("web").<Map<String, Object>>getList("tasks").stream()
                .filter(t -> ((Number) t.get("id")).longValue() == sick).findFirst().orElseThrow();
        assertEquals("KILLED", killed.get("state"));
        assertTrue(String.valueOf(killed.get("message")).contains("consecutive health checks"), "says why: " + killed);
        given().delete("/api/v1/services/e2e/web").then().statusCode(204);
    }

    @Test
    void a_rolling_restart_never_has_fewer_healthy_instances_than_the_minimum() throws Exception {
        create("rolling", 3, ", \"upgradeStrategy\": {\"minimumHealthCapacity\": 0.6, \"maximumOverCapacity\": 0}");
        Set<Long> before = awaitHealthy("rolling", 3);
        AtomicBoolean watching = new AtomicBoolean(true);
        AtomicInteger fewest = new AtomicInteger(3);
        AtomicInteger most = new AtomicInteger(0);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                JsonPath s = service("rolling");
                List<Map<String, Object>> tasks = s.getList("tasks");
                long healthy = tasks.stream().filter(t -> "RUNNING".equals(t.get("state")) && "HEALTHY".equals(t.get("health"))).count();
                long live = tasks.stream().filter(t -> !List.of("FINISHED", "FAILED", "KILLED", "LOST").contains(t.get("state"))).count();
                fewest.accumulateAndGet((int) healthy, Math::min);
                most.accumulateAndGet((int) live, Math::max);
            }
        });
        watcher.start();
        given().post("/api/v1/services/e2e/rolling/restart").then().statusCode(200);
        try {
            await("every instance replaced").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        Set<Long> now = healthy("rolling");
                        return now.size() == 3 && now.stream().noneMatch(before::contains) && service("rolling").get("deployment") == null;
                    });
        } finally {
            watching.set(false);
            watcher.join();
        }
        assertTrue(fewest.get() >= 2, "at least ceil(0.6 x 3) = 2 healthy throughout, saw " + fewest.get());
        assertEquals(3, most.get(), "maximumOverCapacity 0: never more than 3 instances");
        given().delete("/api/v1/services/e2e/rolling").then().statusCode(204);
    }

    @Test
    void scaling_up_and_down_and_deleting_starts_and_stops_instances() {
        create("scale", 1, "");
        Set<Long> one = awaitHealthy("scale", 1);
        Map<String, Object> def = given().get("/api/v1/services/e2e/scale").then().extract().jsonPath().getMap("");
        def.put("instances", 3);
        given().contentType(ContentType.JSON).body(def).put("/api/v1/services/e2e/scale").then().statusCode(200)
                .body("configVersion", org.hamcrest.Matchers.equalTo(1));
        Set<Long> three = awaitHealthy("scale", 3);
        assertTrue(three.containsAll(one), "scaling up keeps the instance that runs");
        def.put("instances", 1);
        given().contentType(ContentType.JSON).body(def).put("/api/v1/services/e2e/scale").then().statusCode(200);
        Set<Long> left = awaitHealthy("scale", 1);
        assertEquals(one, left, "scaling down stops the youngest first");
        int port = port("scale", left.iterator().next());
        given().delete("/api/v1/services/e2e/scale").then().statusCode(204);
        await("the last instance stopped").atMost(Duration.ofSeconds(30)).until(() -> !serves(port));
        assertFalse(serves(port));
        assertNotEquals(0, port);
    }

    /** A new configuration that never turns healthy: the old instances keep serving, and cancelling brings it all back. */
    @Test
    void a_deployment_that_does_not_turn_healthy_keeps_the_old_instances_and_is_rolled_back_when_cancelled() {
        create("rollback", 2, "");
        Set<Long> old = awaitHealthy("rollback", 2);
        Map<String, Object> def = given().get("/api/v1/services/e2e/rollback").then().extract().jsonPath().getMap("");
        def.put("command", "exec sleep 600");
        String deployment = given().contentType(ContentType.JSON).body(def).put("/api/v1/services/e2e/rollback").then()
                .statusCode(200).extract().path("deployment.id");
        await("the new instances started").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> service("rollback").getInt("counts.running") == 4);
        assertEquals(old, healthy("rollback"), "the new ones never pass their check, so the old ones keep serving");
        given().get("/api/v1/deployments/" + deployment).then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("RUNNING")).body("oldRemaining", org.hamcrest.Matchers.equalTo(2));
        given().delete("/api/v1/deployments/" + deployment).then().statusCode(200)
                .body("kind", org.hamcrest.Matchers.equalTo("ROLLBACK"));
        await("the rollback done").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> service("rollback").getInt("counts.running") == 2 && service("rollback").get("deployment") == null);
        assertEquals(old, healthy("rollback"), "rolling back stops the new instances and keeps the old");
        given().delete("/api/v1/services/e2e/rollback").then().statusCode(204);
    }

    /** The same in real containers: busybox httpd in a Docker container, its port published on 127.0.0.1. */
    @Test
    void instances_in_docker_containers_serve_on_their_published_ports_and_a_killed_container_is_replaced() {
        io.kairos.testing.Docker.requireDocker();
        String image = io.kairos.testing.TestImages.busybox();
        given().contentType(ContentType.JSON).body("""
                {"id": "/e2e/docker-web", "instances": 2, "container": {"image": "%s"},
                 "resources": {"cpus": 0.05, "memMb": 16},
                 "command": "mkdir -p /www && echo ok > /www/health && exec httpd -f -p $PORT0 -h /www",
                 "ports": [{"name": "http"}],
                 "healthChecks": [{"protocol": "HTTP", "path": "/health", "gracePeriodSeconds": 10, "intervalSeconds": 1,
                                   "timeoutSeconds": 1, "maxConsecutiveFailures": 2}], "backoffSeconds": 0.2}""".formatted(image))
                .post("/api/v1/services").then().statusCode(201);
        try {
            Set<Long> first = awaitHealthy("docker-web", 2);
            for (long task : first) {
                assertTrue(serves(port("docker-web", task)), "instance " + task + " answers on its published port");
            }
            long victim = first.iterator().next();
            var containers = io.kairos.testing.Docker.containersLabelled("io.kairos.task-id", Long.toString(victim));
            assertEquals(1, containers.size(), "one container carries the instance's task id");
            io.kairos.testing.Docker.client().killContainerCmd(containers.get(0).getId()).exec();
            await("a replacement container").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> !healthy("docker-web").contains(victim) && healthy("docker-web").size() == 2);
        } finally {
            given().delete("/api/v1/services/e2e/docker-web").then().statusCode(204);
        }
        await("no container left").atMost(Duration.ofSeconds(30))
                .until(() -> io.kairos.testing.Docker.containersLabelled("io.kairos.job", "/e2e/docker-web").isEmpty());
    }

    @Test
    void a_container_port_mapped_from_the_host_port_serves_and_a_failing_command_check_inside_the_container_replaces_it()
            throws Exception {
        io.kairos.testing.Docker.requireDocker();
        String image = io.kairos.testing.TestImages.busybox();
        // the program listens on its own port 8080, not on $PORT0: the host port is published to it
        given().contentType(ContentType.JSON).body("""
                {"id": "/e2e/mapped", "instances": 1, "container": {"image": "%s"},
                 "resources": {"cpus": 0.05, "memMb": 16},
                 "command": "mkdir -p /www && echo ok > /www/health && exec httpd -f -p 8080 -h /www",
                 "ports": [{"name": "http", "containerPort": 8080}],
                 "healthChecks": [{"protocol": "COMMAND", "command": "[ -f /www/health ]", "gracePeriodSeconds": 10,
                                   "intervalSeconds": 1, "timeoutSeconds": 2, "maxConsecutiveFailures": 2}],
                 "backoffSeconds": 0.2}""".formatted(image))
                .post("/api/v1/services").then().statusCode(201);
        try {
            long first = awaitHealthy("mapped", 1).iterator().next();
            assertTrue(serves(port("mapped", first)), "the host port reaches the program on 8080 inside the container");
            var containers = io.kairos.testing.Docker.containersLabelled("io.kairos.task-id", Long.toString(first));
            assertEquals(1, containers.size());
            // the check's file goes inside the container; only a check run in there can notice
            var docker = io.kairos.testing.Docker.client();
            String exec = docker.execCreateCmd(containers.get(0).getId()).withCmd("/bin/busybox", "rm", "/www/health").exec().getId();
            docker.execStartCmd(exec).start().awaitCompletion(10, java.util.concurrent.TimeUnit.SECONDS);
            await("the instance failing its command check replaced").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> !healthy("mapped").contains(first) && healthy("mapped").size() == 1);
            Map<String, Object> killed = service("mapped").<Map<String, Object>>getList("tasks").stream()
                    .filter(t -> ((Number) t.get("id")).longValue() == first).findFirst().orElseThrow();
            assertEquals("KILLED", killed.get("state"));
            assertTrue(String.valueOf(killed.get("message")).contains("consecutive health checks (command [ -f /www/health ])"),
                    "says why: " + killed);
        } finally {
            given().delete("/api/v1/services/e2e/mapped").then().statusCode(204);
        }
        await("no container left").atMost(Duration.ofSeconds(30))
                .until(() -> io.kairos.testing.Docker.containersLabelled("io.kairos.job", "/e2e/mapped").isEmpty());
    }
}
