package io.kairos.agent;

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
 * Runs the health checks of the tasks it launches ({@link TaskSpec#healthChecks}), beside any containerizer: a check
 * connects to the task's host port on {@code address}, where the agent publishes it, so it works wherever the agent
 * can reach its own host. A task is healthy while all its checks pass; each change is reported
 * ({@link TaskListener#onHealth}). A check failing {@code maxConsecutiveFailures} times in a row (failures within its
 * grace period after the start count only once the task was healthy) has the task killed, and its end says so.
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

    /**
     * @param address   where the tasks' host ports are reached ({@code 0.0.0.0}, every interface, is checked on 127.0.0.1)
     * @param killGrace how long a task failing its checks is given to stop
     */
    public HealthProbes(Containerizer inner, String address, Duration killGrace, Clock clock) {
        this.inner = inner;
        this.address = address == null || address.equals("0.0.0.0") || address.isBlank() ? "127.0.0.1" : address;
        this.killGrace = killGrace;
        this.clock = clock;
    }

    @Override
    public void launch(TaskSpec spec, TaskListener listener) {
        if (spec.healthChecks().isEmpty()) {
            inner.launch(spec, listener);
            return;
        }
        inner.launch(spec, new Watched(spec, listener));
    }

    @Override
    public void kill(TaskId task, Duration grace) {
        inner.kill(task, grace);
    }

    @Override
    public Set<TaskId> recover(TaskListener listener) {
        // a recovered task's checks are not known here (they travel in the launch): it runs on unchecked, and its
        // scheduler sees it neither healthy nor failing
        return inner.recover(listener);
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
            next.onStarted(task, containerId);
            probes.computeIfAbsent(task, t -> new Probe(spec, next)).start();
        }

        @Override
        public void onOutput(TaskId task, LogStream stream, byte[] data) {
            next.onOutput(task, stream, data);
        }

        @Override
        public void onFinished(TaskId task, TaskOutcome outcome) {
            Probe p = probes.remove(task);
            if (p != null) {
                p.stop();
                if (p.killedFor != null && outcome.kind() == TaskOutcome.Kind.KILLED) {
                    outcome = TaskOutcome.killed(p.killedFor);
                }
            }
            next.onFinished(task, outcome);
        }
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
