package io.kairos.agent;

import io.kairos.agent.protocol.Wire;
import io.kairos.task.HealthCheck;
import io.kairos.task.LogStream;
import io.kairos.task.TaskId;
import io.kairos.task.TaskListener;
import io.kairos.task.TaskOutcome;
import io.kairos.task.TaskSpec;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the health checks of the tasks it launches ({@link TaskSpec#healthChecks}), beside any containerizer: an HTTP or
 * TCP check connects to the task's host port on {@code address}, where the agent publishes it, so it works wherever the
 * agent can reach its own host; a COMMAND check runs where the task runs ({@link Containerizer#exec}). A task is
 * healthy while all its checks pass; each change is reported ({@link TaskListener#onHealth}). A check failing
 * {@code maxConsecutiveFailures} times in a row (failures within its grace period after the start count only once the
 * task was healthy) has the task killed, and its end says so.
 *
 * <p>A checked task is kept on disk ({@code keptIn}, one file per task, as Mesos' agent checkpoints its tasks) while it
 * runs, so that a later agent taking over its container ({@link #recover}) checks it on: its checks travelled in the
 * launch, which the scheduler does not send again. The grace period starts again from the takeover.
 */
public final class HealthProbes implements Containerizer {

    private static final Logger LOG = Logger.getLogger(HealthProbes.class);

    private final Containerizer inner;
    private final String address;
    private final Duration killGrace;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "kairos-health-checks");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<TaskId, Probe> probes = new ConcurrentHashMap<>();
    private final Path keptIn;

    /**
     * @param address   where the tasks' host ports are reached ({@code 0.0.0.0}, every interface, is checked on 127.0.0.1)
     * @param killGrace how long a task failing its checks is given to stop
     * @param keptIn    the directory checked tasks are kept in while they run (created when missing)
     */
    public HealthProbes(Containerizer inner, String address, Duration killGrace, Clock clock, Path keptIn) {
        this.inner = inner;
        this.address = address == null || address.equals("0.0.0.0") || address.isBlank() ? "127.0.0.1" : address;
        this.killGrace = killGrace;
        this.clock = clock;
        this.keptIn = keptIn;
    }

    @Override
    public void launch(TaskSpec spec, TaskListener listener) {
        if (spec.healthChecks().isEmpty()) {
            inner.launch(spec, listener);
            return;
        }
        keep(spec);
        inner.launch(spec, new Watched(spec, listener));
    }

    @Override
    public String exec(TaskId task, String command, Duration timeout) {
        return inner.exec(task, command, timeout);
    }

    @Override
    public void kill(TaskId task, Duration grace) {
        inner.kill(task, grace);
    }

    /** Tasks taken over are checked on where they were kept; the files of tasks no container is left of go. */
    @Override
    public Set<TaskId> recover(TaskListener listener) {
        Set<TaskId> recovered = inner.recover(new Recovered(listener));
        for (Path file : keptFiles()) {
            TaskId task = taskOf(file);
            if (task != null && !recovered.contains(task)) {
                forget(task);
            }
        }
        return recovered;
    }

    /** Reports of tasks taken over: those kept here get their checks again from their (repeated) start. */
    private final class Recovered implements TaskListener {
        private final TaskListener next;

        Recovered(TaskListener next) {
            this.next = next;
        }

        @Override
        public void onStarted(TaskId task, String containerId) {
            TaskSpec spec = kept(task);
            if (spec == null) {
                next.onStarted(task, containerId);
            } else {
                started(spec, containerId, next);
            }
        }

        @Override
        public void onOutput(TaskId task, LogStream stream, byte[] data) {
            next.onOutput(task, stream, data);
        }

        @Override
        public void onHealth(TaskId task, boolean healthy, String message) {
            next.onHealth(task, healthy, message);
        }

        @Override
        public void onFinished(TaskId task, TaskOutcome outcome) {
            finished(task, outcome, next);
        }
    }

    private void keep(TaskSpec spec) {
        try {
            Files.createDirectories(keptIn);
            Path file = keptIn.resolve(spec.taskId().value() + ".json");
            Path partial = keptIn.resolve(spec.taskId().value() + ".json.partial");
            Files.writeString(partial, Wire.keep(spec));
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the task runs and is checked all the same; only a later agent taking it over could not check it
            LOG.warnf("cannot keep task %s in %s (its checks would stop should the agent restart): %s", spec.taskId(), keptIn, e);
        }
    }

    private TaskSpec kept(TaskId task) {
        Path file = keptIn.resolve(task.value() + ".json");
        try {
            return Files.exists(file) ? Wire.kept(Files.readString(file)) : null;
        } catch (IOException | IllegalArgumentException e) {
            LOG.warnf("cannot read kept task %s from %s: %s; it runs on unchecked", task, file, e);
            return null;
        }
    }

    private void forget(TaskId task) {
        try {
            Files.deleteIfExists(keptIn.resolve(task.value() + ".json"));
        } catch (IOException e) {
            LOG.warnf("cannot delete kept task %s in %s: %s", task, keptIn, e);
        }
    }

    private java.util.List<Path> keptFiles() {
        if (!Files.isDirectory(keptIn)) {
            return java.util.List.of();
        }
        try (var files = Files.list(keptIn)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
        } catch (IOException e) {
            LOG.warnf("cannot list kept tasks in %s: %s", keptIn, e);
            return java.util.List.of();
        }
    }

    private static TaskId taskOf(Path file) {
        String name = file.getFileName().toString();
        try {
            return new TaskId(Long.parseLong(name.substring(0, name.length() - ".json".length())));
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void joinedCluster(String clusterId) {
        inner.joinedCluster(clusterId);
    }

    @Override
    public Set<TaskId> running() {
        return inner.running();
    }

    @Override
    public boolean available() {
        return inner.available();
    }

    @Override
    public void killAll(Duration grace) {
        inner.killAll(grace);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        inner.close();
    }

    /** Reports of a checked task: the checks start with it and stop at its end, which says why a failing task died. */
    private final class Watched implements TaskListener {
        private final TaskSpec spec;
        private final TaskListener next;

        Watched(TaskSpec spec, TaskListener next) {
            this.spec = spec;
            this.next = next;
        }

        @Override
        public void onStarted(TaskId task, String containerId) {
            started(spec, containerId, next);
        }

        @Override
        public void onOutput(TaskId task, LogStream stream, byte[] data) {
            next.onOutput(task, stream, data);
        }

        @Override
        public void onFinished(TaskId task, TaskOutcome outcome) {
            finished(task, outcome, next);
        }
    }

    private void started(TaskSpec spec, String containerId, TaskListener next) {
        next.onStarted(spec.taskId(), containerId);
        probes.computeIfAbsent(spec.taskId(), t -> new Probe(spec, next)).start();
    }

    private void finished(TaskId task, TaskOutcome outcome, TaskListener next) {
        forget(task);
        Probe p = probes.remove(task);
        if (p != null) {
            p.stop();
            if (p.killedFor != null && outcome.kind() == TaskOutcome.Kind.KILLED) {
                outcome = TaskOutcome.killed(p.killedFor);
            }
        }
        next.onFinished(task, outcome);
    }

    /** The checks of one task. */
    private final class Probe {
        private final TaskSpec spec;
        private final TaskListener listener;
        private final Instant started = clock.instant();
        private final boolean[] passing;
        private final int[] failures;
        private final ScheduledFuture<?>[] futures;
        private Boolean healthy;
        private boolean everHealthy;
        volatile String killedFor;

        Probe(TaskSpec spec, TaskListener listener) {
            this.spec = spec;
            this.listener = listener;
            int n = spec.healthChecks().size();
            this.passing = new boolean[n];
            this.failures = new int[n];
            this.futures = new ScheduledFuture<?>[n];
        }

        synchronized void start() {
            for (int i = 0; i < futures.length; i++) {
                if (futures[i] == null) {
                    int index = i;
                    long every = spec.healthChecks().get(i).interval().toMillis();
                    futures[i] = timer.scheduleWithFixedDelay(() -> check(index), Math.min(every, 1000), every, TimeUnit.MILLISECONDS);
                }
            }
        }

        synchronized void stop() {
            for (ScheduledFuture<?> f : futures) {
                if (f != null) {
                    f.cancel(false);
                }
            }
        }

        private void check(int index) {
            HealthCheck c = spec.healthChecks().get(index);
            String failure;
            try {
                failure = run(c);
            } catch (RuntimeException e) {
                failure = e.toString();
            }
            String kill = null;
            synchronized (this) {
                if (killedFor != null) {
                    return;
                }
                if (failure == null) {
                    passing[index] = true;
                    failures[index] = 0;
                } else {
                    passing[index] = false;
                    boolean inGrace = !everHealthy && clock.instant().isBefore(started.plus(c.gracePeriod()));
                    if (!inGrace && ++failures[index] >= c.maxConsecutiveFailures()) {
                        kill = "failed " + failures[index] + " consecutive health checks (" + c.describe() + "): " + failure;
                        killedFor = kill;
                    }
                }
                boolean all = true;
                for (boolean p : passing) {
                    all &= p;
                }
                everHealthy |= all;
                // the first report is the first pass: until then the task is neither healthy nor failing
                if (healthy == null ? all : healthy != all) {
                    healthy = all;
                    listener.onHealth(spec.taskId(), all, all ? "all health checks pass" : c.describe() + ": " + failure);
                }
            }
            if (kill != null) {
                LOG.infof("task %s %s: killing it", spec.taskId(), kill);
                stop();
                inner.kill(spec.taskId(), killGrace);
            }
        }

        /** Null when the check passed, else what it saw. */
        private String run(HealthCheck c) {
            if (c.protocol() == HealthCheck.Protocol.COMMAND) {
                return inner.exec(spec.taskId(), c.command(), c.timeout());
            }
            if (c.portIndex() >= spec.ports().size()) {
                return "the task has no PORT" + c.portIndex() + " (it was given " + spec.ports().size() + " ports)";
            }
            int port = spec.ports().get(c.portIndex());
            if (c.protocol() == HealthCheck.Protocol.TCP) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(address, port), (int) c.timeout().toMillis());
                    return null;
                } catch (IOException e) {
                    return "cannot connect to " + address + ":" + port + ": " + e.getMessage();
                }
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + hostPort(port) + c.path()))
                    .timeout(c.timeout()).GET().build();
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                return status >= 200 && status < 400 ? null : "HTTP " + status;
            } catch (IOException e) {
                return "GET " + request.uri() + ": " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }

        private String hostPort(int port) {
            return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
        }
    }
}
