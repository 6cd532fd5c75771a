package io.kairos.agent;

import io.kairos.task.TaskId;
import io.kairos.task.TaskSpec;
import io.kairos.task.TaskOutcome;
import io.kairos.task.LogStream;
import io.kairos.task.TaskListener;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Runs tasks without an image as host processes, each in a session of its own ({@code setsid}) so that a kill
 * takes every process the task started, and in a fresh working directory that is deleted afterwards.
 * The environment is a minimal PATH plus the task's env. cpus and memMb are not enforced for processes.
 * The task ends when its main process exits; processes it left running are killed then, as Docker does.
 *
 * <p>A task dies with the agent, even with one killed by SIGKILL: a host process cannot be re-attached by the next
 * agent (its output pipes are gone), and one left running would run beside the copy the scheduler starts again for
 * the lost attempt. So the session leader is a small shell {@link #SUPERVISOR} that starts the task and holds the
 * read end of a pipe whose only write end is this JVM's (the process's stdin); when the JVM dies, by any means, the
 * kernel closes it and the supervisor kills the task's process group.
 */
public final class ProcessContainerizer implements Containerizer {

    static final String MINIMAL_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final System.Logger LOG = System.getLogger(ProcessContainerizer.class.getName());
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration KILL_SLACK = Duration.ofSeconds(15);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
    private static final int CHUNK_BYTES = 8192;
    private static final int EXEC_OUTPUT_BYTES = 512;
    /** util-linux setsid; looked up once, on the fixed PATH rather than the agent's own. */
    private static final Path SETSID = findOnPath("setsid", MINIMAL_PATH);
    /** util-linux setpriv: drops to {@link ProcessUser} between setsid and the supervisor. */
    private static final Path SETPRIV = findOnPath("setpriv", MINIMAL_PATH);
    /**
     * The session leader of every task, run by {@code /bin/sh} with the task's argv as {@code "$@"}. Its stdin is
     * the watchdog pipe: kept as fd 3 for the watcher, while the task reads /dev/null (as before) and never sees
     * fd 3. The watcher's read returns only at end of file, that is when the agent closed the pipe or died; it then
     * kills the session (pkill, where procps is installed, also reaches members that left the process group) and
     * the process group. The supervisor ignores SIGTERM only after the task was forked (an ignored signal would be
     * inherited), so a kill's SIGTERM reaches the task and the supervisor waits out its grace; the watcher ignores
     * it too and goes with the final SIGKILL. {@code exec} runs args through PATH, never as a shell builtin, and
     * {@code wait} answers the task's exit code (128 + n for signal n, as Java reports a signalled process). Once the
     * task exited the supervisor reaps its watcher itself, so a task that left nothing behind costs the agent no
     * round of killing (measured on a loaded 2-core machine, launch to finished of {@code true}: 7 ms without a
     * supervisor, 47 ms when the agent still had to kill the watcher, 14 ms this way: the two forks of the shell).
     * PWD, which the shell exports on its own, is unset so the task's environment stays PATH plus its env; the
     * supervisor's own stderr goes to /dev/null once both are forked, so its "Killed" notes never reach the task's log.
     */
    static final String SUPERVISOR = """
            exec 3<&0 </dev/null
            { unset PWD; exec "$@"; } 3<&- &
            task=$!
            trap '' TERM
            { read -r _ <&3; pkill -KILL -s "$$" 2>/dev/null; kill -KILL 0; } &
            watcher=$!
            exec 2>/dev/null 3<&-
            wait "$task"
            status=$?
            kill -KILL "$watcher" 2>/dev/null
            wait "$watcher"
            exit "$status"
            """;

    private final Path workRoot;
    private final Optional<ProcessUser> runAs;
    private final ConcurrentMap<TaskId, TaskHandle> tasks = new ConcurrentHashMap<>();
    private final ConcurrentMap<TaskId, ProcessSession> sessions = new ConcurrentHashMap<>();
    /** Where and with what each running task runs, for the commands run beside it ({@link #exec}). */
    private final ConcurrentMap<TaskId, Beside> besides = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "kairos-process-task");
        thread.setDaemon(true);
        return thread;
    });

    /** Tasks run as the agent's own user, in working directories under {@code java.io.tmpdir}. */
    public ProcessContainerizer() {
        this(Path.of(System.getProperty("java.io.tmpdir")));
    }

    public ProcessContainerizer(Path workRoot) {
        this(workRoot, Optional.empty());
    }

    /** @param runAs the user tasks run as (see {@link ProcessUser#forAgent}); empty: the agent's own */
    public ProcessContainerizer(Path workRoot, Optional<ProcessUser> runAs) {
        this.workRoot = workRoot;
        this.runAs = runAs;
    }

    @Override
    public void launch(TaskSpec spec, TaskListener listener) {
        TaskHandle task = new TaskHandle(spec.taskId(), listener);
        if (tasks.putIfAbsent(spec.taskId(), task) != null) {
            return;
        }
        String problem = spec.image().isPresent() ? "task has an image; the process containerizer runs host processes only"
                : spec.command() == null && spec.args() == null ? "a process task needs a command or args"
                : SETSID == null ? "setsid (util-linux) not found on " + MINIMAL_PATH
                : runAs.isPresent() && SETPRIV == null ? "setpriv (util-linux) not found on " + MINIMAL_PATH
                + ": without it the task would run as root, not as " + runAs.get().name() : null;
        if (problem != null) {
            finish(task, null, TaskOutcome.failedToStart(problem));
            return;
        }
        String portsTaken = HostPorts.busy(spec.ports(), "0.0.0.0");
        if (portsTaken != null) {
            finish(task, null, TaskOutcome.notLaunched(portsTaken));
            return;
        }
        Map<String, String> env = new HashMap<>();
        env.put("PATH", MINIMAL_PATH);
        env.putAll(spec.environment());
        if (spec.args() != null && findOnPath(spec.args().get(0), env.get("PATH")) == null) {
            finish(task, null, TaskOutcome.failedToStart(
                    "executable " + spec.args().get(0) + " not found on PATH " + env.get("PATH")));
            return;
        }
        Path workDir = null;
        Process process;
        try {
            workDir = Files.createTempDirectory(workRoot, "kairos-task-" + spec.taskId().value() + "-");
            if (runAs.isPresent()) {
                // its own directory only: the agent (root) still deletes it afterwards
                Files.setAttribute(workDir, "unix:uid", runAs.get().uid());
                Files.setAttribute(workDir, "unix:gid", runAs.get().gid());
            }
            if (task.killRequested()) {
                finish(task, workDir, TaskOutcome.killed(task.killReason() + " (before it started)"));
                return;
            }
            // stdin stays a pipe: it is the supervisor's watchdog (see SUPERVISOR)
            ProcessBuilder builder = new ProcessBuilder(commandLine(spec)).directory(workDir.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            finish(task, workDir, TaskOutcome.failedToStart("starting the process failed: " + e.getMessage()));
            return;
        }
        // A child spawned by the JVM never leads a process group, so setsid needs no fork: the pid opens the session.
        ProcessSession session = new ProcessSession(process.pid());
        sessions.put(spec.taskId(), session);
        besides.put(spec.taskId(), new Beside(Map.copyOf(env), workDir));
        Duration pendingKill = task.started("pid:" + process.pid());
        Future<?> stdout = threads.submit(() -> pump(process.getInputStream(), task, LogStream.STDOUT));
        Future<?> stderr = threads.submit(() -> pump(process.getErrorStream(), task, LogStream.STDERR));
        Path dir = workDir;
        threads.execute(() -> watch(task, process, session, List.of(stdout, stderr), dir));
        if (pendingKill != null) {
            threads.execute(() -> session.terminate(pendingKill));
        }
    }

    @Override
    public void kill(TaskId taskId, Duration grace) {
        TaskHandle task = tasks.get(taskId);
        if (task == null) {
            return;
        }
        if (task.requestKill("killed on request", grace) != null) {
            ProcessSession session = sessions.get(taskId);
            if (session != null) {
                session.terminate(grace);
            }
        }
        if (!task.awaitReleased(grace.plus(KILL_SLACK))) {
            LOG.log(Level.WARNING, "task " + taskId + " did not finish within " + grace.plus(KILL_SLACK) + " of kill");
        }
    }

    @Override
    public Set<TaskId> running() {
        return Set.copyOf(tasks.keySet());
    }

    /** Host processes can always be started. */
    @Override
    public boolean available() {
        return true;
    }

    /** Kills the running tasks with a short grace: a host process cannot be re-adopted by a later agent. */
    @Override
    public void close() {
        List<Future<?>> kills = new ArrayList<>();
        for (TaskId id : running()) {
            kills.add(threads.submit(() -> kill(id, CLOSE_GRACE)));
        }
        for (Future<?> kill : kills) {
            await(kill, CLOSE_GRACE.plus(KILL_SLACK));
        }
        threads.shutdown();
    }

    /**
     * A command beside a running task (a COMMAND health check): in its own session, as the task's user, with the task's
     * environment and in its working directory, so it can do no more than the task could. Its output (both streams)
     * is kept to its last {@link #EXEC_OUTPUT_BYTES} bytes for the failure message.
     */
    @Override
    public String exec(TaskId taskId, String command, Duration timeout) {
        Beside beside = besides.get(taskId);
        if (beside == null) {
            return "task " + taskId + " does not run here";
        }
        List<String> line = asTaskUser();
        line.addAll(List.of("/bin/sh", "-c", command));
        ProcessBuilder builder = new ProcessBuilder(line).directory(beside.workDir().toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(beside.env());
        Process process;
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            return "cannot run the command: " + e.getMessage();
        }
        ProcessSession session = new ProcessSession(process.pid());
        Future<String> output = threads.submit(() -> tail(process.getInputStream()));
        try {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            // what it left running in the background, or all of it when it timed out, goes: a check must not pile up
            session.killRemaining();
            String seen = output.get(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).strip();
            if (!exited) {
                return "timed out after " + timeout + (seen.isEmpty() ? "" : ": " + seen);
            }
            int code = process.exitValue();
            return code == 0 ? null : "exited " + code + (seen.isEmpty() ? "" : ": " + seen);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.killRemaining();
            return "interrupted";
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            return "reading the command's output failed: " + e;
        } finally {
            process.destroyForcibly();
        }
    }

    private static String tail(InputStream in) throws IOException {
        byte[] kept = new byte[EXEC_OUTPUT_BYTES];
        int size = 0;
        byte[] buffer = new byte[CHUNK_BYTES];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            if (n >= kept.length) {
                System.arraycopy(buffer, n - kept.length, kept, 0, kept.length);
                size = kept.length;
            } else {
                int keep = Math.min(size, kept.length - n);
                System.arraycopy(kept, size - keep, kept, 0, keep);
                System.arraycopy(buffer, 0, kept, keep, n);
                size = keep + n;
            }
        }
        return new String(kept, 0, size, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The environment and working directory of a running task. */
    private record Beside(Map<String, String> env, Path workDir) {
    }

    /** The start of every command line: its own session, and the task's user when tasks run as one. */
    private List<String> asTaskUser() {
        List<String> line = new ArrayList<>();
        // --wait keeps the exit code right should setsid ever have to fork.
        line.addAll(List.of(SETSID.toString(), "--wait"));
        runAs.ifPresent(user -> line.addAll(List.of(SETPRIV.toString(), "--reuid=" + user.uid(), "--regid=" + user.gid(),
                // no supplementary groups (root's, such as docker), and no setuid binary (sudo, su) gives root back
                "--clear-groups", "--no-new-privs")));
        return line;
    }

    private List<String> commandLine(TaskSpec spec) {
        List<String> line = asTaskUser();
        line.addAll(List.of("/bin/sh", "-c", SUPERVISOR, "kairos-task"));
        if (spec.command() != null) {
            line.addAll(List.of("/bin/sh", "-c", spec.command()));
        } else {
            line.addAll(spec.args());
        }
        return line;
    }

    private void watch(TaskHandle task, Process process, ProcessSession session, List<Future<?>> pumps, Path workDir) {
        TaskOutcome outcome;
        try {
            int exitCode = process.waitFor();
            // Background children still hold stdout open; the task is over, so they go too.
            session.killRemaining();
            closeWatchdog(process);
            for (Future<?> pump : pumps) {
                await(pump, DRAIN_TIMEOUT);
            }
            outcome = TaskOutcome.exited(exitCode);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeWatchdog(process);
            session.killRemaining();
            outcome = TaskOutcome.killed("agent interrupted while the task ran");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "watching task " + task.id() + " failed", e);
            outcome = TaskOutcome.killed("lost track of the process: " + e.getMessage());
        }
        finish(task, workDir, outcome);
    }

    /** End of file for the supervisor's watcher, if it still runs: it kills the process group, as an agent's death would. */
    private static void closeWatchdog(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the watchdog pipe failed; the session is killed anyway", e);
        }
    }

    private static void pump(InputStream in, TaskHandle task, LogStream stream) {
        byte[] buffer = new byte[CHUNK_BYTES];
        try (in) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                task.output(stream, Arrays.copyOf(buffer, read));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(Future<?> future, Duration timeout) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(Level.WARNING, "gave up waiting after " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.log(Level.WARNING, "task output failed", e.getCause());
        }
    }

    private void finish(TaskHandle task, Path workDir, TaskOutcome outcome) {
        task.finish(outcome);
        try {
            if (workDir != null) {
                deleteTree(workDir);
            }
        } finally {
            sessions.remove(task.id());
            besides.remove(task.id());
            tasks.remove(task.id(), task);
            task.released();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "cannot delete " + path, e);
                }
            });
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete working directory " + dir, e);
        }
    }

    /** The executable {@code name} resolves to, or null; names with a slash are left to exec. */
    static Path findOnPath(String name, String path) {
        if (name.contains("/")) {
            return Path.of(name);
        }
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
