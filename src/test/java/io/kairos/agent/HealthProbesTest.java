package io.kairos.agent;

import io.kairos.allocator.AgentId;
import io.kairos.task.HealthCheck;
import io.kairos.task.TaskOutcome;
import io.kairos.task.TaskSpec;
import io.kairos.testing.Docker;
import io.kairos.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.kairos.agent.TaskSpecBuilder.aContainerTask;
import static io.kairos.agent.TaskSpecBuilder.aProcessTask;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's health checks through real processes and containers: command checks, and checks that survive a takeover. */
class HealthProbesTest {

    private static final Duration FAST = Duration.ofMillis(200);

    @TempDir
    Path dir;
    private final List<Containerizer> opened = new ArrayList<>();
    private final AgentId agent = new AgentId("test-" + UUID.randomUUID());
    private boolean usedDocker;

    @AfterEach
    void closeAll() {
        for (Containerizer c : opened) {
            c.killAll(Duration.ofSeconds(1));
            c.close();
        }
        if (usedDocker) {
            Docker.containersLabelled("io.kairos.agent-id", agent.value())
                    .forEach(c -> Docker.client().removeContainerCmd(c.getId()).withForce(true).exec());
        }
    }

    private HealthProbes probes(Containerizer inner) {
        HealthProbes p = new HealthProbes(inner, "127.0.0.1", Duration.ofSeconds(1), Clock.systemUTC(), dir.resolve("checked"));
        opened.add(p);
        return p;
    }

    private static HealthCheck command(String command, int maxFailures) {
        return new HealthCheck(HealthCheck.Protocol.COMMAND, 0, null, command, Duration.ZERO, FAST, Duration.ofSeconds(5),
                maxFailures);
    }

    @Test
    void a_command_check_runs_as_the_tasks_user_with_its_environment_and_in_its_working_directory() {
        ProcessUser nobody = ProcessUser.forAgent("nobody").orElseThrow();
        HealthProbes probes = probes(new ProcessContainerizer(dir, Optional.of(nobody)));
        // the task writes a file into its working directory; the check finds it there, as the task's user, with its env
        TaskSpec spec = aProcessTask().command("echo up > ready; sleep 30").env("MARKER", "m-42")
                .healthChecks(command("test -f ready && test \"$MARKER\" = m-42 && test \"$(id -u)\" = " + nobody.uid(), 3))
                .build();
        RecordingListener listener = new RecordingListener();

        probes.launch(spec, listener);

        await().atMost(Duration.ofSeconds(20)).until(() -> !listener.health().isEmpty());
        assertEquals(List.of("healthy: all health checks pass"), listener.health());
    }

    @Test
    void a_failing_command_check_kills_the_task_and_its_end_says_what_the_command_answered() {
        HealthProbes probes = probes(new ProcessContainerizer(dir));
        TaskSpec spec = aProcessTask().command("sleep 60").healthChecks(command("echo not ready >&2; exit 4", 2)).build();
        RecordingListener listener = new RecordingListener();

        probes.launch(spec, listener);

        TaskOutcome outcome = listener.awaitOutcome();
        assertEquals(TaskOutcome.Kind.KILLED, outcome.kind());
        assertTrue(outcome.message().contains("failed 2 consecutive health checks (command echo not ready >&2; exit 4)"),
                outcome.message());
        assertTrue(outcome.message().contains("exited 4: not ready"), outcome.message());
    }

    @Test
    void a_command_check_that_outlives_its_timeout_fails_and_leaves_nothing_running() throws Exception {
        ProcessContainerizer processes = new ProcessContainerizer(dir);
        opened.add(processes);
        TaskSpec spec = aProcessTask().command("sleep 60").build();
        processes.launch(spec, new RecordingListener());
        await().atMost(Duration.ofSeconds(10)).until(() -> processes.running().contains(spec.taskId()));

        String seen = processes.exec(spec.taskId(), "echo started; sleep 1234", Duration.ofMillis(500));

        assertTrue(seen.startsWith("timed out after PT0.5S: started"), seen);
        await().atMost(Duration.ofSeconds(5)).until(() -> !anyProcessRuns("sleep 1234"));
    }

    @Test
    void a_checked_task_is_kept_on_disk_while_it_runs_and_forgotten_at_its_end() {
        HealthProbes probes = probes(new ProcessContainerizer(dir));
        TaskSpec spec = aProcessTask().command("sleep 1").healthChecks(command("true", 3)).build();
        RecordingListener listener = new RecordingListener();
        Path kept = dir.resolve("checked").resolve(spec.taskId().value() + ".json");

        probes.launch(spec, listener);

        assertTrue(Files.exists(kept), "kept while it runs");
        assertEquals(TaskOutcome.exited(0), listener.awaitOutcome());
        assertFalse(Files.exists(kept), "forgotten at its end");
    }

    @Test
    void a_container_taken_over_by_a_new_agent_is_checked_on_and_killed_when_its_check_fails() {
        String busybox = TestImages.busybox();
        usedDocker = true;
        // healthy while /tmp/ok exists: the container removes it after a while
        TaskSpec spec = aContainerTask(busybox)
                .command("echo > /tmp/ok; sleep 6; /bin/busybox rm /tmp/ok; sleep 120")
                .healthChecks(command("[ -f /tmp/ok ]", 2)).build();
        HealthProbes before = probes(new DockerContainerizer(null, agent));
        RecordingListener first = new RecordingListener();
        before.launch(spec, first);
        await().atMost(Duration.ofSeconds(20)).until(() -> first.health().contains("healthy: all health checks pass"));

        opened.remove(before);
        before.close(); // the agent stops; its container runs on

        HealthProbes after = probes(new DockerContainerizer(null, agent));
        RecordingListener second = new RecordingListener();
        assertEquals(Set.of(spec.taskId()), after.recover(second));
        await().atMost(Duration.ofSeconds(20)).until(() -> second.health().contains("healthy: all health checks pass"));
        TaskOutcome outcome = second.awaitOutcome();
        assertEquals(TaskOutcome.Kind.KILLED, outcome.kind());
        assertTrue(outcome.message().contains("failed 2 consecutive health checks (command [ -f /tmp/ok ])"), outcome.message());
        assertFalse(Files.exists(dir.resolve("checked").resolve(spec.taskId().value() + ".json")));
    }

    @Test
    void a_command_check_runs_inside_the_container() {
        String busybox = TestImages.busybox();
        usedDocker = true;
        HealthProbes probes = probes(new DockerContainerizer(null, agent));
        // /inside exists in the container only, never on the host
        TaskSpec spec = aContainerTask(busybox).command("echo > /inside-" + agent.value() + "; sleep 60")
                .healthChecks(command("[ -f /inside-" + agent.value() + " ]", 3)).build();
        RecordingListener listener = new RecordingListener();

        probes.launch(spec, listener);

        await().atMost(Duration.ofSeconds(20)).until(() -> !listener.health().isEmpty());
        assertEquals(List.of("healthy: all health checks pass"), listener.health());
        assertFalse(Files.exists(Path.of("/inside-" + agent.value())));
    }

    @Test
    void a_host_port_mapped_to_a_container_port_reaches_the_program_listening_there() throws Exception {
        String busybox = TestImages.busybox();
        usedDocker = true;
        DockerContainerizer docker = new DockerContainerizer(null, agent, "127.0.0.1");
        opened.add(docker);
        int hostPort = freePort();
        TaskSpec spec = aContainerTask(busybox)
                .command("/bin/busybox mkdir -p /www && echo mapped > /www/index.html && exec /bin/busybox httpd -f -p 8080 -h /www")
                .ports(hostPort).containerPorts(8080).build();
        docker.launch(spec, new RecordingListener());

        HttpClient http = HttpClient.newHttpClient();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/index.html"))
                .timeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> http.send(get, HttpResponse.BodyHandlers.ofString()).body().equals("mapped\n"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean anyProcessRuns(String commandLine) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().map(c -> c.contains(commandLine)).orElse(false));
    }
}
