package io.kairos.agent;

import io.kairos.task.TaskId;
import io.kairos.task.TaskSpec;
import io.kairos.task.TaskOutcome;

import static io.kairos.agent.TaskSpecBuilder.aContainerTask;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.kairos.allocator.AgentId;
import io.kairos.testing.Docker;
import io.kairos.testing.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerContainerizerTest {

    private final RecordingListener listener = new RecordingListener();
    /** An agent of this test's own, so recovering never touches containers of other tests or builds. */
    private final AgentId agent = new AgentId("test-" + UUID.randomUUID());
    private DockerContainerizer docker;
    private String busybox;

    @BeforeEach
    void startContainerizer() {
        busybox = TestImages.busybox();
        docker = new DockerContainerizer(null, agent);
    }

    @AfterEach
    void closeContainerizer() {
        docker.killAll(Duration.ofSeconds(1));
        docker.close();
        Docker.containersLabelled("io.kairos.agent-id", agent.value())
                .forEach(c -> Docker.client().removeContainerCmd(c.getId()).withForce(true).exec());
    }

    @Test
    void echo_in_busybox_ends_exited_0_with_output_captured() {
        TaskSpec spec = aContainerTask(busybox).command("echo hello from kairos").build();

        docker.launch(spec, listener);

        assertEquals(TaskOutcome.exited(0), listener.awaitOutcome());
        assertEquals("hello from kairos\n", listener.stdout());
        List<String> events = listener.events();
        assertEquals("started", events.get(0));
        assertEquals(List.of("finished"), events.subList(events.size() - 1, events.size()), "finished comes last");
        assertEquals(1, listener.outcomes().size());
        assertEquals(64, listener.runtimeIds().get(0).length(), "a docker container id");
    }

    @Test
    void container_is_removed_after_the_task_finished() {
        TaskSpec spec = aContainerTask(busybox).command("true").build();

        docker.launch(spec, listener);
        listener.awaitOutcome();

        await().atMost(Duration.ofSeconds(20)).until(() -> containersOf(spec.taskId()).isEmpty());
        await().until(() -> !docker.running().contains(spec.taskId()));
    }

    @Test
    void failing_command_ends_exited_with_its_exit_code() {
        docker.launch(aContainerTask(busybox).command("exit 3").build(), listener);

        assertEquals(TaskOutcome.exited(3), listener.awaitOutcome());
    }

    @Test
    void stderr_is_captured_separately_from_stdout() {
        docker.launch(aContainerTask(busybox).command("echo out; echo err >&2").build(), listener);

        listener.awaitOutcome();
        assertEquals("out\n", listener.stdout());
        assertEquals("err\n", listener.stderr());
    }

    @Test
    void env_vars_are_visible_in_the_container() {
        docker.launch(aContainerTask(busybox).command("echo \"$GREETING $KAIROS_RUN\"")
                .env("GREETING", "hi there").env("KAIROS_RUN", "42").build(), listener);

        listener.awaitOutcome();
        assertEquals("hi there 42\n", listener.stdout());
    }

    @Test
    void args_run_without_a_shell_so_variables_stay_literal() {
        docker.launch(aContainerTask(busybox).args("echo", "$HOME").build(), listener);

        assertEquals(TaskOutcome.exited(0), listener.awaitOutcome());
        assertEquals("$HOME\n", listener.stdout());
    }

    @Test
    void output_arrives_while_the_container_still_runs() {
        docker.launch(aContainerTask(busybox).command("echo first; sleep 3; echo second").build(), listener);

        await().atMost(Duration.ofSeconds(20)).until(() -> listener.stdout().contains("first"));
        assertFalse(listener.finished(), "the task finished before 'first' arrived");
        assertEquals(TaskOutcome.exited(0), listener.awaitOutcome());
        assertEquals("first\nsecond\n", listener.stdout());
    }

    @Test
    void cpu_and_memory_limits_and_labels_are_set_on_the_container() {
        TaskSpec spec = aContainerTask(busybox).command("sleep 60").cpus(0.5).memMb(64).build();

        docker.launch(spec, listener);
        InspectContainerResponse container = Docker.client().inspectContainerCmd(listener.runtimeIds().get(0)).exec();
        docker.kill(spec.taskId(), Duration.ofSeconds(1));

        assertTrue(container.getName().matches("/kairos-[0-9a-f]+-task-" + spec.taskId().value()), container.getName());
        assertEquals(500_000_000L, container.getHostConfig().getNanoCPUs());
        assertEquals(64L * 1024 * 1024, container.getHostConfig().getMemory());
        Map<String, String> labels = container.getConfig().getLabels();
        assertEquals(Long.toString(spec.taskId().value()), labels.get("io.kairos.task-id"));
        assertEquals(Long.toString(spec.runId()), labels.get("io.kairos.run-id"));
        assertEquals("test-job", labels.get("io.kairos.job"));
        assertEquals("true", labels.get("io.kairos.managed"));
    }

    @Test
    void a_container_is_never_privileged_and_its_task_cannot_gain_privileges() {
        TaskSpec spec = aContainerTask(busybox).command("grep NoNewPrivs /proc/self/status; sleep 60").build();

        docker.launch(spec, listener);
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.stdout().contains("NoNewPrivs"));
        InspectContainerResponse container = Docker.client().inspectContainerCmd(listener.runtimeIds().get(0)).exec();
        docker.kill(spec.taskId(), Duration.ofSeconds(1));

        assertEquals(List.of("no-new-privileges"), container.getHostConfig().getSecurityOpts());
        assertFalse(Boolean.TRUE.equals(container.getHostConfig().getPrivileged()), "privileged");
        assertEquals("NoNewPrivs:\t1\n", listener.stdout(), "the kernel's flag, as the task sees it");
    }

    @Test
    void kill_reports_killed_and_leaves_no_container() {
        TaskSpec spec = aContainerTask(busybox).command("sleep 600").build();
        docker.launch(spec, listener);

        docker.kill(spec.taskId(), Duration.ofSeconds(2));

        assertEquals(1, listener.outcomes().size());
        assertEquals(TaskOutcome.Kind.KILLED, listener.outcomes().get(0).kind());
        assertEquals(List.of(), containersOf(spec.taskId()));
        assertFalse(docker.running().contains(spec.taskId()));
    }

    @Test
    void kill_of_an_unknown_task_does_nothing() {
        docker.kill(new TaskId(-1), Duration.ofSeconds(1));

        assertEquals(List.of(), listener.events());
    }

    @Test
    void missing_image_fails_to_start_and_names_the_image() {
        TaskSpec spec = aContainerTask("local/kairos-no-such-image:1").command("true").build();

        docker.launch(spec, listener);

        TaskOutcome outcome = listener.outcomes().get(0);
        assertEquals(TaskOutcome.Kind.FAILED_TO_START, outcome.kind());
        assertTrue(outcome.message().startsWith("image local/kairos-no-such-image:1 not found and pull failed: "),
                outcome.message());
        assertEquals(List.of("finished"), listener.events());
        assertEquals(Set.of(), docker.running());
    }

    @Test
    void forced_pull_that_fails_does_not_start_the_task_even_with_the_image_present() {
        // local/busybox exists only on this daemon, so a pull fails with or without a registry in reach.
        docker.launch(aContainerTask(busybox).command("true").forcePull().build(), listener);

        TaskOutcome outcome = listener.outcomes().get(0);
        assertEquals(TaskOutcome.Kind.FAILED_TO_START, outcome.kind());
        assertTrue(outcome.message().startsWith("image " + busybox + " could not be pulled (forcePull): "),
                outcome.message());
    }

    @Test
    void unknown_executable_exits_127_with_the_reason_on_stderr() {
        // The container's init process starts fine and then fails to exec the program, as a shell would.
        docker.launch(aContainerTask(busybox).args("/no/such/program").build(), listener);

        assertEquals(TaskOutcome.exited(127), listener.awaitOutcome());
        assertTrue(listener.stderr().contains("/no/such/program"), listener.stderr());
    }

    @Test
    void launching_the_same_task_twice_starts_one_container() {
        TaskSpec spec = aContainerTask(busybox).command("sleep 60").build();

        docker.launch(spec, listener);
        docker.launch(spec, listener);

        assertEquals(1, containersOf(spec.taskId()).size());
        assertEquals(1, listener.runtimeIds().size());
        docker.kill(spec.taskId(), Duration.ofSeconds(1));
        assertEquals(1, listener.outcomes().size());
    }

    @Test
    void unreachable_daemon_fails_to_start_with_a_clear_message() {
        try (DockerContainerizer nowhere = new DockerContainerizer("unix:///nonexistent/docker.sock", agent)) {
            nowhere.launch(aContainerTask(busybox).command("true").build(), listener);

            assertFalse(nowhere.available());
        }
        TaskOutcome outcome = listener.outcomes().get(0);
        assertEquals(TaskOutcome.Kind.FAILED_TO_START, outcome.kind());
        assertTrue(outcome.message().startsWith("Docker daemon at unix:///nonexistent/docker.sock is unreachable"),
                outcome.message());
    }

    @Test
    void is_available_while_the_daemon_answers() {
        assertTrue(docker.available());
    }

    @Test
    void close_lets_go_of_a_running_container_and_a_new_containerizer_recovers_its_output_and_end() {
        TaskSpec spec = aContainerTask(busybox).command("echo a; sleep 3; echo b").build();
        docker.launch(spec, listener);
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.stdout().equals("a\n"));

        docker.close();

        assertTrue(isRunning(listener.runtimeIds().get(0)), "close() let the container run on");
        assertFalse(listener.finished(), "a container let go has no end to report");
        RecordingListener after = new RecordingListener();
        docker = new DockerContainerizer(null, agent);
        assertEquals(Set.of(spec.taskId()), docker.recover(after));
        assertEquals(Set.of(spec.taskId()), docker.running());
        assertEquals(TaskOutcome.exited(0), after.awaitOutcome());
        assertEquals("b\n", after.stdout(), "only the output written after the re-attach");
        assertEquals(listener.runtimeIds(), after.runtimeIds(), "started again, with the same container");
        assertFalse(listener.finished());
        await().atMost(Duration.ofSeconds(20)).until(() -> containersOf(spec.taskId()).isEmpty());
        await().until(() -> docker.running().isEmpty());
    }

    @Test
    void a_container_taken_over_by_a_new_agent_process_still_has_its_secret_masked() {
        // masking is the launch's (CompositeContainerizer); a takeover has only the container to go by
        TaskSpec spec = aContainerTask(busybox).command("sleep 3; echo \"pw=$PW\"").secret("PW", "s3cret-value").build();
        docker.launch(spec, MaskingListener.of(spec, listener));
        await().atMost(Duration.ofSeconds(20)).until(() -> !listener.runtimeIds().isEmpty());
        docker.close();

        RecordingListener after = new RecordingListener();
        docker = new DockerContainerizer(null, agent);
        assertEquals(Set.of(spec.taskId()), docker.recover(after));
        assertEquals(TaskOutcome.exited(0), after.awaitOutcome());
        assertEquals("pw=***\n", after.stdout());
    }

    @Test
    void a_container_that_exited_while_nobody_watched_is_reported_with_its_exit_code_on_recover() {
        TaskSpec spec = aContainerTask(busybox).command("sleep 1; exit 3").build();
        docker.launch(spec, listener);
        String containerId = listener.runtimeIds().get(0);
        docker.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> !isRunning(containerId));

        RecordingListener after = new RecordingListener();
        docker = new DockerContainerizer(null, agent);

        assertEquals(Set.of(spec.taskId()), docker.recover(after));
        assertEquals(List.of(TaskOutcome.exited(3)), after.outcomes());
        assertEquals(List.of("started", "finished"), after.events());
        assertEquals(List.of(), containersOf(spec.taskId()));
        assertEquals(Set.of(), docker.running());
    }

    @Test
    void recover_leaves_containers_of_other_agents_alone() {
        long other = aContainerTask(busybox).build().taskId().value();
        String containerId = Docker.client().createContainerCmd(busybox).withCmd("true")
                .withLabels(Map.of("io.kairos.managed", "true", "io.kairos.task-id", Long.toString(other),
                        "io.kairos.agent-id", "test-someone-else-" + UUID.randomUUID()))
                .exec().getId();
        try {
            assertEquals(Set.of(), docker.recover(listener));
            assertEquals(List.of(), listener.events());
        } finally {
            Docker.client().removeContainerCmd(containerId).withForce(true).exec();
        }
    }

    @Test
    void recover_leaves_alone_the_containers_of_the_same_agent_id_in_another_cluster() {
        docker.close();
        docker = new DockerContainerizer(null, agent, "0.0.0.0", ClusterId.of("cluster-" + UUID.randomUUID()));
        String otherCluster = "cluster-" + UUID.randomUUID();
        String running = sameAgentOtherCluster(otherCluster, "sleep 600");
        String exited = sameAgentOtherCluster(otherCluster, "exit 3");
        await().atMost(Duration.ofSeconds(20)).until(() -> !isRunning(exited));

        assertEquals(Set.of(), docker.recover(listener));
        docker.killAll(Duration.ofSeconds(1));

        assertEquals(List.of(), listener.events());
        assertTrue(isRunning(running), "another cluster's running container was killed");
        assertEquals("exited", Docker.client().inspectContainerCmd(exited).exec().getState().getStatus(),
                "another cluster's ended container was removed");
        // the same containers are that cluster's agent's own: the cluster id, not the agent id, kept them apart
        docker.close();
        docker = new DockerContainerizer(null, agent, "0.0.0.0", ClusterId.of(otherCluster));
        RecordingListener owner = new RecordingListener();
        assertEquals(2, docker.recover(owner).size());
        await().atMost(Duration.ofSeconds(20)).until(() -> owner.outcomes().size() == 1);
        assertEquals(List.of(TaskOutcome.exited(3)), owner.outcomes());
    }

    @Test
    void a_container_carries_the_cluster_id_the_scheduler_gave_and_the_next_start_takes_it_over_from_the_data_dir(
            @TempDir Path dataDir) {
        docker.close();
        docker = new DockerContainerizer(null, agent, "0.0.0.0", ClusterId.keptIn(dataDir));
        docker.joinedCluster("cluster-a");
        TaskSpec spec = aContainerTask(busybox).command("sleep 600").build();
        docker.launch(spec, listener);
        String containerId = listener.runtimeIds().get(0);
        docker.close();

        assertEquals("cluster-a", Docker.client().inspectContainerCmd(containerId).exec().getConfig().getLabels()
                .get("io.kairos.cluster-id"));
        RecordingListener after = new RecordingListener();
        docker = new DockerContainerizer(null, agent, "0.0.0.0", ClusterId.keptIn(dataDir));
        assertEquals(Set.of(spec.taskId()), docker.recover(after));
    }

    /** A container as a Kairos agent with this test's agent id but in another cluster left it. */
    private String sameAgentOtherCluster(String cluster, String command) {
        String containerId = Docker.client().createContainerCmd(busybox).withCmd("/bin/sh", "-c", command)
                .withLabels(Map.of("io.kairos.managed", "true", "io.kairos.agent-id", agent.value(),
                        "io.kairos.cluster-id", cluster,
                        "io.kairos.task-id", Long.toString(aContainerTask(busybox).build().taskId().value())))
                .exec().getId();
        Docker.client().startContainerCmd(containerId).exec();
        return containerId;
    }

    @Test
    void kill_all_stops_every_running_container_and_reports_them_killed() {
        TaskSpec first = aContainerTask(busybox).command("sleep 600").build();
        TaskSpec second = aContainerTask(busybox).command("sleep 600").build();
        docker.launch(first, listener);
        docker.launch(second, listener);

        docker.killAll(Duration.ofSeconds(1));

        assertEquals(List.of(TaskOutcome.Kind.KILLED, TaskOutcome.Kind.KILLED),
                listener.outcomes().stream().map(TaskOutcome::kind).toList());
        assertEquals(Set.of(), docker.running());
        assertEquals(List.of(), containersOf(first.taskId()));
        assertEquals(List.of(), containersOf(second.taskId()));
    }

    private static boolean isRunning(String containerId) {
        return Boolean.TRUE.equals(Docker.client().inspectContainerCmd(containerId).exec().getState().getRunning());
    }

    private static List<?> containersOf(TaskId task) {
        return Docker.containersLabelled("io.kairos.task-id", Long.toString(task.value()));
    }
}
