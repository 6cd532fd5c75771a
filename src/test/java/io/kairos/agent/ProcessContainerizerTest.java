package io.kairos.agent;

import io.kairos.task.TaskId;
import io.kairos.task.TaskSpec;
import io.kairos.task.TaskOutcome;

import static io.kairos.agent.TaskSpecBuilder.aProcessTask;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessContainerizerTest {

    @TempDir
    Path workRoot;

    private final RecordingListener listener = new RecordingListener();
    private ProcessContainerizer processes;

    private ProcessContainerizer processes() {
        if (processes == null) {
            processes = new ProcessContainerizer(workRoot);
        }
        return processes;
    }

    @AfterEach
    void closeContainerizer() {
        processes().close();
    }

    @Test
    void echo_ends_exited_0_with_output_captured() {
        processes().launch(aProcessTask().command("echo hello from kairos").build(), listener);

        assertEquals(TaskOutcome.exited(0), listener.awaitOutcome());
        assertEquals("hello from kairos\n", listener.stdout());
        assertTrue(listener.runtimeIds().get(0).matches("pid:\\d+"), listener.runtimeIds().get(0));
        List<String> events = listener.events();
        assertEquals("started", events.get(0));
        assertEquals("finished", events.get(events.size() - 1));
    }

    @Test
    void an_agent_running_as_root_runs_a_task_as_the_process_user_who_cannot_read_shadow_or_regain_root() throws Exception {
        io.kairos.testing.Root.require();
        ProcessUser nobody = ProcessUser.forAgent("nobody").orElseThrow();
        ProcessContainerizer asNobody = new ProcessContainerizer(workRoot, java.util.Optional.of(nobody));
        try {
            asNobody.launch(aProcessTask().command("id -u; id -G; cat /etc/shadow; echo shadow=$?; touch mine && echo wrote;"
                    + " ls -ln /var/run/docker.sock >/dev/null 2>&1; cat /var/run/docker.sock 2>/dev/null; echo socket=$?").build(), listener);
            assertEquals(TaskOutcome.exited(0), listener.awaitOutcome());
        } finally {
            asNobody.close();
        }
        List<String> out = listener.stdout().lines().toList();
        assertEquals(Integer.toString(nobody.uid()), out.get(0), listener.stdout());
        assertEquals(Integer.toString(nobody.gid()), out.get(1), "no supplementary groups: " + listener.stdout());
        assertTrue(out.contains("shadow=1"), listener.stdout());
        assertTrue(listener.stderr().contains("Permission denied"), listener.stderr());
        assertFalse(listener.stdout().contains("root:"), "root's shadow line leaked: " + listener.stdout());
        assertTrue(out.contains("wrote"), "its working directory is its own: " + listener.stdout() + listener.stderr());
        assertFalse(out.contains("socket=0"), "the Docker socket is out of reach: " + listener.stdout());
    }

    @Test
    void an_unknown_process_user_is_a_clear_error_naming_the_setting() {
        io.kairos.testing.Root.require();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> ProcessUser.forAgent("no-such-user-kairos"));
        assertTrue(e.getMessage().contains("kairos.agent.process-user"), e.getMessage());
    }

    @Test
    void failing_command_ends_exited_with_its_exit_code() {
        processes().launch(aProcessTask().command("exit 3").build(), listener);

        assertEquals(TaskOutcome.exited(3), listener.awaitOutcome());
    }

    @Test
    void stderr_is_captured_separately_from_stdout() {
        processes().launch(aProcessTask().command("echo out; echo err >&2").build(), listener);

        listener.awaitOutcome();
        assertEquals("out\n", listener.stdout());
        assertEquals("err\n", listener.stderr());
    }

    @Test
    void env_is_a_minimal_path_plus_the_task_env() {
        processes().launch(aProcessTask().args("env").env("GREETING", "hi there").build(), listener);

        listener.awaitOutcome();
        List<String> lines = listener.stdout().lines().sorted().toList();
        assertEquals(List.of("GREETING=hi there", "PATH=" + ProcessContainerizer.MINIMAL_PATH), lines);
    }

    @Test
    void args_run_without_a_shell_so_variables_stay_literal() {
        processes().launch(aProcessTask().args("echo", "$HOME").build(), listener);

        assertEquals(TaskOutcome.exited(0), listener.awaitOutcome());
        assertEquals("$HOME\n", listener.stdout());
    }

    @Test
    void output_arrives_while_the_process_still_runs() {
        processes().launch(aProcessTask().command("echo first; sleep 3; echo second").build(), listener);

        await().atMost(Duration.ofSeconds(10)).until(() -> listener.stdout().contains("first"));
        assertFalse(listener.finished(), "the task finished before 'first' arrived");
        assertEquals(TaskOutcome.exited(0), listener.awaitOutcome());
        assertEquals("first\nsecond\n", listener.stdout());
    }

    @Test
    void kill_takes_the_whole_process_group_and_reports_killed() {
        String sleep = "sleep " + uniqueSeconds();
        TaskSpec spec = aProcessTask().command(sleep + " & " + sleep).build();
        processes().launch(spec, listener);
        await().atMost(Duration.ofSeconds(10)).until(() -> processesRunning(sleep) == 2);

        processes().kill(spec.taskId(), Duration.ofSeconds(5));

        assertEquals(1, listener.outcomes().size());
        assertEquals(TaskOutcome.Kind.KILLED, listener.outcomes().get(0).kind());
        assertEquals(0, processesRunning(sleep));
        assertFalse(processes().running().contains(spec.taskId()));
    }

    @Test
    void a_task_and_its_background_children_die_within_seconds_of_a_kill_9_of_the_agent() throws Exception {
        String sleep = "sleep " + uniqueSeconds();
        assertDiesWithAKilledAgent(sleep + " & " + sleep, sleep);
    }

    @Test
    void processes_that_left_the_tasks_process_group_die_with_a_killed_agent_too() throws Exception {
        String sleep = "sleep " + uniqueSeconds();
        // bash's job control (dash refuses it without a tty) gives each job a process group of its own, in the session
        assertDiesWithAKilledAgent("bash -c 'set -m; " + sleep + " & " + sleep + "'", sleep);
    }

    /** Runs {@code command} under an agent in a JVM of its own, kills that JVM with SIGKILL, checks both sleeps go. */
    private void assertDiesWithAKilledAgent(String command, String sleep) throws Exception {
        Process agent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingAgent.class.getName(), workRoot.toString(), command)
                .redirectErrorStream(true).redirectOutput(workRoot.resolve("agent.log").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> processesRunning(sleep) == 2);

            agent.destroyForcibly().waitFor();

            await("the task's processes to die with their agent").atMost(Duration.ofSeconds(2))
                    .until(() -> processesRunning(sleep) == 0);
        } finally {
            agent.destroyForcibly();
            // this test's own sleeps, should they have outlived the agent
            processes(sleep).forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void a_kill_gives_the_task_its_grace_to_clean_up_after_sigterm() {
        TaskSpec spec = aProcessTask()
                .command("trap 'sleep 1; echo cleaned up; exit 0' TERM; echo ready; sleep " + uniqueSeconds() + " & wait")
                .build();
        processes().launch(spec, listener);
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.stdout().contains("ready"));

        processes().kill(spec.taskId(), Duration.ofSeconds(10));

        assertEquals(TaskOutcome.Kind.KILLED, listener.outcomes().get(0).kind());
        assertEquals("ready\ncleaned up\n", listener.stdout());
    }

    @Test
    void a_task_killed_by_a_signal_ends_exited_with_128_plus_the_signal_and_nothing_added_to_its_log() {
        processes().launch(aProcessTask().command("kill -9 $$").build(), listener);

        assertEquals(TaskOutcome.exited(137), listener.awaitOutcome());
        assertEquals("", listener.stderr(), "the log holds the task's output only");
    }

    @Test
    void background_children_are_killed_when_the_main_process_exits() {
        String sleep = "sleep " + uniqueSeconds();
        processes().launch(aProcessTask().command(sleep + " & echo started").build(), listener);

        assertEquals(TaskOutcome.exited(0), listener.awaitOutcome());
        assertEquals(0, processesRunning(sleep));
    }

    @Test
    void task_runs_in_its_own_working_directory_which_is_deleted_afterwards() {
        processes().launch(aProcessTask().command("pwd; touch leftover").build(), listener);

        assertEquals(TaskOutcome.exited(0), listener.awaitOutcome());
        Path workDir = Path.of(listener.stdout().strip());
        assertEquals(workRoot, workDir.getParent());
        await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(workDir));
    }

    @Test
    void unknown_executable_fails_to_start() {
        processes().launch(aProcessTask().args("kairos-no-such-program").build(), listener);

        TaskOutcome outcome = listener.outcomes().get(0);
        assertEquals(TaskOutcome.Kind.FAILED_TO_START, outcome.kind());
        assertTrue(outcome.message().contains("kairos-no-such-program"), outcome.message());
    }

    @Test
    void launching_the_same_task_twice_starts_one_process() {
        TaskSpec spec = aProcessTask().command("sleep " + uniqueSeconds()).build();

        processes().launch(spec, listener);
        processes().launch(spec, listener);

        assertEquals(1, listener.runtimeIds().size());
        processes().kill(spec.taskId(), Duration.ofSeconds(1));
        assertEquals(1, listener.outcomes().size());
    }

    @Test
    void kill_of_an_unknown_task_does_nothing() {
        processes().kill(new TaskId(-1), Duration.ofSeconds(1));

        assertEquals(List.of(), listener.events());
    }

    /** A sleep length no other process on the machine is likely to use, to find this test's processes. */
    private static long uniqueSeconds() {
        return ThreadLocalRandom.current().nextLong(100_000, 1_000_000);
    }

    private static long processesRunning(String commandLine) {
        return processes(commandLine).size();
    }

    private static List<ProcessHandle> processes(String commandLine) {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().orElse("").equals("/usr/bin/" + commandLine)
                        || process.info().commandLine().orElse("").equals("/bin/" + commandLine))
                .toList();
    }
}
