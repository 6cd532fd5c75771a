package io.kairos.agent.node;

import io.kairos.agent.Containerizer;
import io.kairos.agent.JoinToken;
import io.kairos.task.LogStream;
import io.kairos.task.TaskId;
import io.kairos.task.TaskListener;
import io.kairos.task.TaskOutcome;
import io.kairos.task.TaskSpec;
import io.kairos.agent.protocol.Message;
import io.kairos.agent.protocol.Wire;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent side of the protocol: one WebSocket to a scheduler, opened by the agent (so agents behind NAT
 * work) and opened again, to the next scheduler URL in turn, whenever it breaks or the scheduler goes silent.
 * Runs what it is told with its {@link Containerizer}; reports through an {@link Outbox} that survives
 * reconnects. Fencing: a command from an epoch older than the newest seen is refused. Each handshake shows the join
 * token, if it has one; a scheduler that refuses it is tried again like an unreachable one (an operator may be
 * fixing the setting), and said so once until a connection succeeds.
 */
public final class AgentNode implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AgentNode.class);
    static final String PATH = "/api/v1/agents/connect";
    /** Output is sent in pieces of at most this many bytes, well under the WebSocket frame limit once base64'd. */
    private static final int CHUNK_BYTES = 16 * 1024;
    /** Task ids launched lately, so a re-sent launch of a task that already ended does not run it again. */
    private static final int LAUNCHED_MEMORY = 10_000;
    /** Grace of the tasks stopped by a shutdown command. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    /** How often to heartbeat, when to give up on a silent scheduler, how long to wait before reconnecting. */
    public record Timing(Duration heartbeat, Duration silenceLimit, Duration reconnectDelay) {
    }

    private final Vertx vertx;
    private final WebSocketClient client;
    private final List<URI> schedulers;
    private final AgentIdentity identity;
    private final Containerizer containerizer;
    private final Timing timing;
    private final Clock clock;
    private final Runnable onShutdown;
    private final Optional<String> joinToken;
    private final Outbox outbox = new Outbox();
    private final AtomicLong newestEpoch = new AtomicLong();
    private final Set<TaskId> launched = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TaskId, Boolean> eldest) {
            return size() > LAUNCHED_MEMORY;
        }
    });
    private final ExecutorService work = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kairos-agent-work");
        t.setDaemon(true);
        return t;
    });
    private final TaskListener reports = new Reports();
    private volatile WebSocket socket;
    private volatile boolean registered;
    private volatile Instant lastHeard;
    private volatile boolean offline;
    private volatile boolean closed;
    /** A refusal was logged since the last connection: the next ones are not repeated every reconnect delay. */
    private volatile boolean refusalSaid;
    /** One connection at a time: set from the start of an attempt until that connection closes or fails. */
    private boolean connecting;
    private int nextScheduler;
    private long timer = -1;

    /**
     * @param schedulerUrls base URLs such as {@code http://sched-1:8080}, tried in turn
     * @param onShutdown    run after a shutdown command stopped the tasks (the agent role exits the process)
     */
    public AgentNode(Vertx vertx, List<String> schedulerUrls, AgentIdentity identity, Containerizer containerizer,
                     Timing timing, Clock clock, Runnable onShutdown) {
        this(vertx, schedulerUrls, identity, containerizer, timing, clock, onShutdown, Optional.empty());
    }

    /** @param joinToken shown on every handshake ({@code KAIROS_AGENT_JOIN_TOKEN}); empty for schedulers without authentication */
    public AgentNode(Vertx vertx, List<String> schedulerUrls, AgentIdentity identity, Containerizer containerizer,
                     Timing timing, Clock clock, Runnable onShutdown, Optional<String> joinToken) {
        this(vertx, schedulerUrls, identity, containerizer, timing, clock, onShutdown, joinToken, AgentTls.NONE);
    }

    /** @param tls the CA and client certificate used on {@code https} scheduler URLs */
    public AgentNode(Vertx vertx, List<String> schedulerUrls, AgentIdentity identity, Containerizer containerizer,
                     Timing timing, Clock clock, Runnable onShutdown, Optional<String> joinToken, AgentTls tls) {
        if (schedulerUrls.isEmpty()) {
            throw new IllegalArgumentException("an agent needs at least one scheduler URL (KAIROS_SCHEDULER_URL)");
        }
        this.vertx = vertx;
        this.schedulers = schedulerUrls.stream().map(AgentNode::connectUri).toList();
        this.identity = identity;
        this.containerizer = containerizer;
        this.timing = timing;
        this.clock = clock;
        this.onShutdown = onShutdown;
        this.joinToken = joinToken;
        this.client = vertx.createWebSocketClient(tls.applyTo(new WebSocketClientOptions().setConnectTimeout(5_000)));
    }

    static URI connectUri(String base) {
        String b = base.trim().replaceFirst("/+$", "");
        String ws = b.startsWith("https://") ? "wss://" + b.substring(8)
                : b.startsWith("http://") ? "ws://" + b.substring(7) : b;
        return URI.create(ws + PATH);
    }

    /**
     * Takes over the tasks an earlier process of this agent left running (Docker containers), so the registration
     * reports them and the scheduler adopts them, then connects.
     */
    public void start() {
        Set<TaskId> recovered = containerizer.recover(reports);
        synchronized (launched) {
            launched.addAll(recovered);
        }
        if (!recovered.isEmpty()) {
            LOG.infof("agent %s took over %d tasks of its previous process", identity.id(), recovered.size());
        }
        timer = vertx.setPeriodic(timing.heartbeat().toMillis(), id -> tick());
        connect();
    }

    public AgentIdentity identity() {
        return identity;
    }

    /** Registered with a scheduler now: the agent role's readiness. */
    public boolean connected() {
        return registered;
    }

    public boolean dockerAvailable() {
        return containerizer.available();
    }

    public Set<TaskId> running() {
        return containerizer.running();
    }

    /** Status updates not yet acknowledged by a scheduler. */
    public int unacknowledged() {
        return outbox.awaitingAck();
    }

    /** Drops the connection and stays away (tasks keep running, reports are kept) until {@link #goOnline()}. */
    public void goOffline() {
        offline = true;
        WebSocket s = socket;
        if (s != null) {
            s.close();
        }
    }

    public void goOnline() {
        offline = false;
        connect();
    }

    /**
     * Stops the connection, for a restart: Docker containers keep running and the next agent process with this id
     * takes them over ({@link #start()}), provided it registers before the scheduler gives the agent up as lost.
     * Host processes are stopped; their ends are not reported: the runs were interrupted, not failed, and the
     * scheduler finds them missing at the next registration (or the agent lost) and queues them again. An agent
     * process killed outright (SIGKILL, OOM) ends the same way: its host processes die with it (see
     * {@link io.kairos.agent.ProcessContainerizer}), so no earlier copy runs beside the one queued again.
     */
    @Override
    public void close() {
        stop(false);
    }

    /** As {@link #close()}, or with {@code stopTasks} every task stopped first (tests that own their containers). */
    public void close(boolean stopTasks) {
        stop(stopTasks);
    }

    private void stop(boolean killTasks) {
        closed = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        WebSocket s = socket;
        if (s != null) {
            s.close();
        }
        work.shutdown();
        if (killTasks) {
            containerizer.killAll(SHUTDOWN_GRACE);
        }
        containerizer.close();
        client.close();
    }

    private void connect() {
        URI uri;
        synchronized (this) {
            if (closed || offline || connecting) {
                return;
            }
            connecting = true;
            uri = schedulers.get(nextScheduler++ % schedulers.size());
        }
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(uri.toString());
        joinToken.ifPresent(t -> options.addHeader("Authorization", "Bearer " + t));
        client.connect(options).onComplete(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof UpgradeRejectedException r && r.getStatus() == 401) {
                    refused(uri, r);
                } else {
                    LOG.debugf("cannot reach scheduler %s: %s", uri, ar.cause().getMessage());
                }
                reconnectLater();
            } else {
                opened(ar.result(), uri);
            }
        });
    }

    private void refused(URI uri, UpgradeRejectedException r) {
        if (refusalSaid) {
            LOG.debugf("scheduler %s still refuses this agent's join token", uri);
            return;
        }
        refusalSaid = true;
        String why = detail(r);
        LOG.errorf("scheduler %s refused agent %s (HTTP 401: %s): check " + JoinToken.SETTING + ", the same on the"
                + " schedulers and the agents, or this agent's own KAIROS_AGENT_TOKEN; trying again every %s",
                uri, identity.id(), why, timing.reconnectDelay());
    }

    /** The problem's detail, when the 401 came from a Kairos and not from a proxy on the way. */
    private static String detail(UpgradeRejectedException r) {
        try {
            return r.getBody() == null ? "" : r.getBody().toJsonObject().getString("detail", "");
        } catch (RuntimeException notJson) {
            return r.getBody().toString();
        }
    }

    private void reconnectLater() {
        synchronized (this) {
            connecting = false;
        }
        if (!closed && !offline) {
            vertx.setTimer(Math.max(1, timing.reconnectDelay().toMillis()), id -> connect());
        }
    }

    private void opened(WebSocket ws, URI uri) {
        socket = ws;
        refusalSaid = false;
        lastHeard = clock.instant();
        ws.textMessageHandler(text -> {
            if (socket == ws) {
                receive(text);
            }
        });
        ws.exceptionHandler(e -> LOG.debugf("connection to %s: %s", uri, e.getMessage()));
        ws.closeHandler(v -> {
            if (socket == ws) {
                socket = null;
                registered = false;
                outbox.offline();
                if (ws.closeStatusCode() != null && ws.closeStatusCode() == 1008) {
                    // refused (an id another connection holds): say why, it will not pass by itself
                    LOG.warnf("scheduler %s refused this agent: %s", uri, ws.closeReason());
                } else {
                    LOG.infof("connection to scheduler %s closed", uri);
                }
            }
            reconnectLater();
        });
        if (closed || offline) {
            ws.close();
            return;
        }
        Set<Long> running = new HashSet<>();
        containerizer.running().forEach(t -> running.add(t.value()));
        running.addAll(outbox.tasksAwaitingAck());
        var r = identity.resources();
        ws.writeTextMessage(Wire.encode(new Message.Register(identity.id().value(), identity.hostname(),
                r.cpus(), r.memMb(), r.diskMb(), r.gpus(), r.ports().ranges(),
                identity.attributes(), List.copyOf(running), newestEpoch.get())));
    }

    private void tick() {
        WebSocket s = socket;
        if (s == null) {
            return;
        }
        Instant now = clock.instant();
        if (lastHeard != null && Duration.between(lastHeard, now).compareTo(timing.silenceLimit()) > 0) {
            LOG.warnf("scheduler silent for more than %s: reconnecting", timing.silenceLimit());
            s.close();
            return;
        }
        if (registered) {
            send(new Message.Heartbeat(newestEpoch.get()));
            outbox.resendUnacked(now.minus(timing.silenceLimit()), now);
        }
    }

    private void receive(String text) {
        lastHeard = clock.instant();
        Message m;
        try {
            m = Wire.decode(text);
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring a message from the scheduler: " + e.getMessage());
            return;
        }
        if (m instanceof Message.Command c) {
            handle(c);
        }
    }

    /** Applies one command; false when it was refused for its stale epoch. Package-visible for tests. */
    boolean handle(Message.Command c) {
        long newest = newestEpoch.get();
        if (c.epoch() < newest) {
            LOG.warnf("refusing %s from epoch %d: a newer leader (epoch %d) has spoken", c.getClass().getSimpleName(),
                    c.epoch(), newest);
            if (c instanceof Message.Registered) {
                // a deposed leader accepted us: try the next scheduler
                WebSocket s = socket;
                if (s != null) {
                    s.close();
                }
            }
            return false;
        }
        newestEpoch.accumulateAndGet(c.epoch(), Math::max);
        if (c instanceof Message.Registered r) {
            LOG.infof("registered as %s with scheduler epoch %d", identity.id(), r.epoch());
            registered = true;
            containerizer.joinedCluster(r.clusterId());
            outbox.online(this::send, clock.instant());
        } else if (c instanceof Message.Launch l) {
            launch(Wire.spec(l.task()));
        } else if (c instanceof Message.Kill k) {
            work.execute(() -> containerizer.kill(new TaskId(k.taskId()), Duration.ofMillis(k.graceMillis())));
        } else if (c instanceof Message.Ack a) {
            outbox.acked(a.updateId());
        } else if (c instanceof Message.Shutdown s) {
            shutdown(s.reason());
        }
        return true;
    }

    private void launch(TaskSpec spec) {
        synchronized (launched) {
            if (!launched.add(spec.taskId())) {
                return;
            }
        }
        work.execute(() -> containerizer.launch(spec, reports));
    }

    private void shutdown(String reason) {
        LOG.warnf("scheduler asked this agent to shut down: %s", reason);
        // for good: nothing is left running for a next agent process to take over
        work.execute(() -> {
            stop(true);
            onShutdown.run();
        });
    }

    private boolean send(Message m) {
        WebSocket s = socket;
        if (s == null || !registered) {
            return false;
        }
        s.writeTextMessage(Wire.encode(m));
        return true;
    }

    private final class Reports implements TaskListener {
        @Override
        public void onStarted(TaskId task, String containerId) {
            outbox.status(new Message.Status(UUID.randomUUID().toString(), task.value(), Message.StatusKind.STARTED,
                    containerId, null), clock.instant());
        }

        @Override
        public void onOutput(TaskId task, LogStream stream, byte[] data) {
            for (int from = 0; from < data.length; from += CHUNK_BYTES) {
                byte[] piece = Arrays.copyOfRange(data, from, Math.min(data.length, from + CHUNK_BYTES));
                outbox.log(new Message.LogChunk(task.value(), stream.name(), Base64.getEncoder().encodeToString(piece)));
            }
        }

        @Override
        public void onHealth(TaskId task, boolean healthy, String message) {
            outbox.status(new Message.Status(UUID.randomUUID().toString(), task.value(), Message.StatusKind.HEALTH, message, null,
                    healthy), clock.instant());
        }

        @Override
        public void onFinished(TaskId task, TaskOutcome outcome) {
            if (closed) {
                return;
            }
            outbox.status(new Message.Status(UUID.randomUUID().toString(), task.value(), Message.StatusKind.FINISHED,
                    null, Wire.outcome(outcome)), clock.instant());
        }
    }
}
