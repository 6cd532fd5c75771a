package io.kairos.compat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import mesosphere.marathon.client.Marathon;
import mesosphere.marathon.client.MarathonClient;
import mesosphere.marathon.client.MarathonException;
import mesosphere.marathon.client.model.v2.App;
import mesosphere.marathon.client.model.v2.HealthCheck;
import mesosphere.marathon.client.model.v2.PortDefinition;
import mesosphere.marathon.client.model.v2.Result;
import mesosphere.marathon.client.model.v2.Task;
import mesosphere.marathon.client.model.v2.VersionedApp;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Marathon's own Java client (com.mesosphere:marathon-client) against Kairos, as a Marathon user would drive it: create,
 * list, tasks, scale, restart, kill and delete, with real instances (busybox httpd processes checked by the agent).
 */
@QuarkusTest
class MarathonClientTest {

    @TestHTTPResource("/")
    URL base;

    private Marathon marathon() {
        return MarathonClient.getInstance(base.toString().replaceFirst("/$", ""));
    }

    private static App app(String id, int instances) {
        App app = new App();
        app.setId(id);
        app.setCmd("d=$(mktemp -d) && echo ok > $d/health && exec busybox httpd -f -p 127.0.0.1:$PORT0 -h $d");
        app.setInstances(instances);
        app.setCpus(0.05);
        app.setMem(16.0);
        PortDefinition port = new PortDefinition();
        port.setPort(0);
        port.setName("http");
        app.setPortDefinitions(List.of(port));
        HealthCheck check = new HealthCheck();
        check.setProtocol("HTTP");
        check.setPath("/health");
        check.setPortIndex(0);
        check.setGracePeriodSeconds(10);
        check.setIntervalSeconds(1);
        check.setTimeoutSeconds(1);
        check.setMaxConsecutiveFailures(3);
        app.setHealthChecks(List.of(check));
        app.setLabels(Map.of("team", "marathon-client"));
        return app;
    }

    private Collection<Task> running(Marathon m, String id) throws MarathonException {
        return m.getAppTasks(id).getTasks().stream().filter(t -> "TASK_RUNNING".equals(t.getState())
                && t.getHealthCheckResults() != null && t.getHealthCheckResults().stream().allMatch(r -> Boolean.TRUE.equals(r.getAlive())))
                .toList();
    }

    private Set<String> awaitRunning(Marathon m, String id, int n) {
        await(n + " healthy tasks of " + id).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> running(m, id).size() == n && m.getAppTasks(id).getTasks().size() == n);
        try {
            return running(m, id).stream().map(Task::getId).collect(Collectors.toSet());
        } catch (MarathonException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void the_marathon_client_creates_lists_scales_restarts_kills_and_deletes_an_app() throws Exception {
        Marathon m = marathon();
        VersionedApp created = m.createApp(app("/marathon-client/web", 2));
        assertEquals("/marathon-client/web", created.getId());
        assertEquals(1, created.getDeployments().size(), "a new app comes with its deployment");
        assertEquals(409, assertThrows(MarathonException.class, () -> m.createApp(app("/marathon-client/web", 1))).getStatus());

        Set<String> first = awaitRunning(m, "/marathon-client/web", 2);
        assertTrue(first.stream().allMatch(t -> t.startsWith("marathon-client_web.")), "Marathon's task ids: " + first);
        assertTrue(m.getApps().getApps().stream().anyMatch(a -> a.getId().equals("/marathon-client/web")));
        assertEquals(1, m.getApps(Map.of("label", "team==marathon-client")).getApps().size());
        App got = m.getApp("/marathon-client/web").getApp();
        assertEquals(2, got.getInstances());
        assertEquals(2, got.getTasksHealthy());
        assertTrue(m.getTasks().getTasks().stream().map(Task::getId).collect(Collectors.toSet()).containsAll(first));
        assertNotNull(m.getServerInfo().getLeader());

        // scale: the client sends a partial app
        App scale = new App();
        scale.setInstances(3);
        Result scaled = m.updateApp("/marathon-client/web", scale, true);
        assertNotNull(scaled.getDeploymentId());
        Set<String> three = awaitRunning(m, "/marathon-client/web", 3);
        assertTrue(three.containsAll(first), "scaling keeps what runs");
        assertEquals("http", m.getApp("/marathon-client/web").getApp().getPortDefinitions().get(0).getName(),
                "a partial update keeps every other field");

        // kill one task and scale down with it
        String victim = first.iterator().next();
        m.deleteAppTask("/marathon-client/web", victim, "true");
        await("scaled down to 2").atMost(Duration.ofSeconds(30)).until(() -> m.getApp("/marathon-client/web").getApp().getInstances() == 2
                && running(m, "/marathon-client/web").size() == 2);
        assertFalse(running(m, "/marathon-client/web").stream().map(Task::getId).anyMatch(victim::equals));

        // restart: every task replaced
        Set<String> beforeRestart = awaitRunning(m, "/marathon-client/web", 2);
        Result restarted = m.restartApp("/marathon-client/web", false);
        assertNotNull(restarted.getDeploymentId());
        assertTrue(m.getDeployments().stream().anyMatch(d -> d.getId().equals(restarted.getDeploymentId())));
        await("every task replaced").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            Set<String> now = running(m, "/marathon-client/web").stream().map(Task::getId).collect(Collectors.toSet());
            return now.size() == 2 && now.stream().noneMatch(beforeRestart::contains) && m.getDeployments().isEmpty();
        });
        assertTrue(m.getAppVersions("/marathon-client/web").getVersions().size() >= 2, "a restart is a new version");

        Result deleted = m.deleteApp("/marathon-client/web");
        assertNotNull(deleted.getDeploymentId());
        assertEquals(404, assertThrows(MarathonException.class, () -> m.getApp("/marathon-client/web")).getStatus());
        await("its tasks stopped").atMost(Duration.ofSeconds(30))
                .until(() -> m.getTasks().getTasks().stream().noneMatch(t -> t.getAppId().equals("/marathon-client/web")));
    }
}
