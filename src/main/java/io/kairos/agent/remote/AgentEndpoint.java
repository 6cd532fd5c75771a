package io.kairos.agent.remote;

import io.kairos.agent.JoinToken;
import io.kairos.cluster.ProcessRole;
import io.kairos.security.Credentials;
import io.kairos.security.HttpProblem;
import io.kairos.task.LogStream;
import io.kairos.task.TaskId;
import io.kairos.framework.TaskReports;
import io.kairos.agent.protocol.Message;
import io.kairos.agent.protocol.Wire;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.kairos.run.IllegalTransitionException;
import io.vertx.core.Vertx;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code /api/v1/agents/connect}: the WebSocket remote agents open. Messages are decoded here and mapped to
 * Kairos types; reports go to the scheduler's {@link TaskReports}, which applies one only for a task placed on the agent that sent it, and a status update is acknowledged once
 * it was applied, so an update lost on the way is sent again by the agent.
 *
 * <p>One agent's registration and status updates go through its {@link ReportLane}, one after the other in the
 * order they arrived, so a task's FINISHED can never be applied before its STARTED; the lanes share a pool of
 * {@code kairos.agent.report-threads}, and a lane whose update fails (the database is away) backs off on a timer
 * without holding a thread. Log chunks are buffered in memory on arrival, before the FINISHED behind them is even
 * queued; the end stores them first, so a task's output never trails its end.
 *
 * <p>With authentication on, a handshake without the {@link JoinToken} or an agent's own token ({@link AgentTokens})
 * is answered 401 and never upgraded: whoever sent it gets no connection to register on, hence no launch. A connection
 * admitted by an agent's own token may register only under that agent's id, and is closed once the token is revoked
 * (checked every {@link #TOKEN_RECHECK}, on whichever scheduler holds the connection).
 */
@ApplicationScoped
public class AgentEndpoint {

    static final String PATH = "/api/v1/agents/connect";
    static final java.time.Duration TOKEN_RECHECK = java.time.Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(AgentEndpoint.class);

    private final AgentRegistry registry;
    private final TaskReports reports;
    private final ProcessRole role;
    private final JoinToken joinToken;
    private final Vertx vertx;
    // registration and status updates touch the database, which may be slow or away: never on the event loop
    private final ExecutorService work;
    private final Map<String, ReportLane> lanes = new ConcurrentHashMap<>();
    private final AgentTokens agentTokens;
    private final boolean mtls;
    /** Open connections admitted by an agent's own token, with the secret they showed: closed when it is revoked. */
    private final Map<ServerWebSocket, Admitted> byAgentToken = new ConcurrentHashMap<>();

    /**
     * A connection admitted for {@code agent} alone: by its token ({@code secret} is what it showed, kept to recheck) or
     * by its client certificate ({@code secret} null).
     */
    private record Admitted(String agent, String secret) {
    }

    AgentEndpoint(AgentRegistry registry, TaskReports reports, Vertx vertx, @ConfigProperty(name = "kairos.role") ProcessRole role,
                  JoinToken joinToken, AgentTokens agentTokens, io.kairos.agent.AgentConfig config,
                  @ConfigProperty(name = "kairos.agent.report-threads", defaultValue = "4") int threads) {
        this.registry = registry;
        this.agentTokens = agentTokens;
        this.mtls = config.mtls();
        this.joinToken = joinToken;
        this.reports = reports;
        this.vertx = vertx;
        this.role = role;
        AtomicInteger n = new AtomicInteger();
        this.work = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "kairos-agent-reports-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The lane of an agent id: shared by its successive connections, so a re-sent update queues behind the original. */
    private ReportLane lane(String agentId) {
        return lanes.computeIfAbsent(agentId, id -> new ReportLane("agent " + id, work,
                (delay, r) -> vertx.setTimer(Math.max(1, delay.toMillis()), t -> r.run()), Backoff.REPORTS));
    }

    void route(@Observes Router router) {
        if (!role.schedules()) {
            return;
        }
        router.route(PATH).order(-1).handler(rc -> {
            HttpServerRequest request = rc.request();
            String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (mtls && !joinToken.isInProcess(authorization)) {
                Optional<String> agent = ClientCertificate.agentId(request);
                if (agent.isEmpty()) {
                    refuse(request, "this scheduler admits agents by client certificate (KAIROS_AGENT_MTLS=on): connect over"
                            + " https with a certificate its trust store signed (KAIROS_AGENT_TLS_CERT_FILE, KAIROS_AGENT_TLS_KEY_FILE)");
                } else {
                    upgrade(request, new Admitted(agent.get(), null));
                }
                return;
            }
            Optional<String> refusal = joinToken.refusal(authorization);
            if (refusal.isEmpty()) {
                upgrade(request, null);
                return;
            }
            Optional<String> shown = Credentials.secret(authorization);
            if (shown.isEmpty()) {
                refuse(request, refusal.get());
                return;
            }
            // an agent's own token is looked up in the database: off the event loop, the handshake held meanwhile
            request.pause();
            io.vertx.core.Context context = vertx.getOrCreateContext();
            work.execute(() -> {
                Optional<String> agent;
                try {
                    agent = agentTokens.agentOf(shown.get());
                } catch (RuntimeException e) {
                    LOG.warnf("cannot check the agent token of %s: %s", request.remoteAddress(), e.getMessage());
                    context.runOnContext(v -> HttpProblem.send(request.response(), 503, "Service Unavailable",
                            "cannot check the agent token now (database): try again", null));
                    return;
                }
                context.runOnContext(v -> {
                    if (agent.isEmpty()) {
                        refuse(request, refusal.get());
                    } else {
                        upgrade(request, new Admitted(agent.get(), shown.get()));
                    }
                });
            });
        });
    }

    private void upgrade(HttpServerRequest request, Admitted admitted) {
        request.toWebSocket()
                .onSuccess(socket -> accept(socket, admitted))
                .onFailure(e -> LOG.debugf("agent connection refused: %s", e.getMessage()));
    }

    /** Closes the connections whose agent token was revoked (on any scheduler) since they were admitted. */
    void recheckAgentTokens() {
        for (Map.Entry<ServerWebSocket, Admitted> e : byAgentToken.entrySet()) {
            Admitted a = e.getValue();
            try {
                if (agentTokens.agentOf(a.secret()).filter(a.agent()::equals).isEmpty()) {
                    LOG.warnf("the agent token of %s was revoked: closing its connection", a.agent());
                    byAgentToken.remove(e.getKey());
                    e.getKey().close(AgentRefusedException.POLICY, "this agent's token was revoked");
                }
            } catch (RuntimeException ex) {
                // the database is away: the connection stays until the next check can tell
                LOG.debugf("cannot recheck the agent token of %s: %s", a.agent(), ex.getMessage());
            }
        }
    }

    /** Said once at start, since every agent would be refused and nothing else says why. */
    void checkJoinToken(@Observes StartupEvent e) {
        if (!role.schedules()) {
            return;
        }
        joinToken.checkLength();
        if (joinToken.admitsNoRemoteAgent()) {
            LOG.warn("*** Authentication is on and " + JoinToken.SETTING + " (kairos.agent.join-token) is not set:"
                    + " this scheduler admits only agents with a token of their own (KAIROS_AGENT_TOKEN, made by"
                    + " POST /api/v1/agent-tokens). Set the same join token on the schedulers and the agents, or make"
                    + " each agent its own token. ***");
        }
        vertx.setPeriodic(TOKEN_RECHECK.toMillis(), t -> {
            if (!byAgentToken.isEmpty()) {
                work.execute(this::recheckAgentTokens);
            }
        });
    }

    private static void refuse(HttpServerRequest request, String reason) {
        // who knocked, never what it showed
        LOG.warnf("refused an agent connection from %s: %s", request.remoteAddress(), reason);
        HttpProblem.send(request.response(), 401, "Unauthorized", reason, "Bearer realm=\"kairos-agents\"");
    }

    void stop(@Observes ShutdownEvent e) {
        work.shutdownNow();
    }

    private void accept(ServerWebSocket socket, Admitted admitted) {
        if (admitted != null && admitted.secret() != null) {
            byAgentToken.put(socket, admitted);
        }
        AtomicReference<RemoteAgent> agent = new AtomicReference<>();
        socket.textMessageHandler(text -> {
            Message m;
            try {
                m = Wire.decode(text);
            } catch (IllegalArgumentException e) {
                LOG.warnf("agent %s sent something else: %s", agent.get() == null ? socket.remoteAddress() : agent.get().id(), e.getMessage());
                return;
            }
            receive(socket, admitted, agent, m);
        });
        socket.closeHandler(v -> {
            byAgentToken.remove(socket);
            RemoteAgent a = agent.get();
            if (a != null) {
                registry.disconnected(a);
            }
        });
    }

    private void receive(ServerWebSocket socket, Admitted admitted, AtomicReference<RemoteAgent> agent, Message m) {
        RemoteAgent a = agent.get();
        if (m instanceof Message.Register r) {
            if (r.agentId() == null || r.agentId().isBlank()) {
                LOG.warnf("%s registered without an agent id: closing", socket.remoteAddress());
                socket.close();
                return;
            }
            if (admitted != null && !admitted.agent().equals(r.agentId())) {
                String why = (admitted.secret() == null ? "this certificate" : "this token") + " is agent " + admitted.agent()
                        + "'s own; it cannot register as " + r.agentId();
                LOG.warnf("refused agent %s from %s: %s", r.agentId(), socket.remoteAddress(), why);
                // a close frame's reason holds at most 123 bytes
                socket.close(AgentRefusedException.POLICY, why.length() > 100 ? "this token is another agent's own" : why);
                return;
            }
            // paused until registered, so nothing from this connection overtakes its registration
            socket.pause();
            lane(r.agentId()).submit(null, () -> {
                try {
                    agent.set(registry.register(r, socket));
                } catch (AgentRefusedException e) {
                    LOG.warnf("refused agent %s from %s: %s", r.agentId(), socket.remoteAddress(), e.reason());
                    socket.close(AgentRefusedException.POLICY, e.reason());
                } catch (RuntimeException e) {
                    LOG.warnf(e, "registering agent %s failed; closing its connection so it tries again", r.agentId());
                    socket.close();
                } finally {
                    socket.resume();
                }
            });
            return;
        }
        if (a == null) {
            LOG.warnf("%s sent %s before registering: closing", socket.remoteAddress(), m.getClass().getSimpleName());
            socket.close();
            return;
        }
        registry.heard(a.id());
        if (m instanceof Message.LogChunk c) {
            reports.onOutput(new TaskId(c.taskId()), LogStream.valueOf(c.stream()), Base64.getDecoder().decode(c.data()));
        } else if (m instanceof Message.Status s) {
            // a copy re-sent while the first still waits (the database is away) is queued once
            lane(a.id().value()).submit(s.updateId(), () -> apply(a, s));
        }
    }

    /** Throws when the update could not be applied now: its lane tries it again after a back-off. */
    private void apply(RemoteAgent agent, Message.Status s) {
        TaskId task = new TaskId(s.taskId());
        try {
            if (s.kind() == Message.StatusKind.STARTED) {
                reports.onStarted(agent.id().value(), task, s.containerId());
                agent.started(task);
            } else if (s.kind() == Message.StatusKind.HEALTH) {
                reports.onHealth(agent.id().value(), task, Boolean.TRUE.equals(s.healthy()), s.containerId());
            } else {
                reports.onFinished(agent.id().value(), task, Wire.outcome(s.outcome()));
                agent.finished(task);
                registry.taskEnded(agent.id());
            }
        } catch (IllegalTransitionException e) {
            // a bug, which trying again does not fix: not acknowledged, so the agent keeps it and says so
            LOG.errorf(e, "update %s of task %s from agent %s is refused", s.updateId(), task, agent.id());
            return;
        }
        registry.current(agent.id()).orElse(agent).send(new Message.Ack(registry.epoch(), s.updateId()));
    }
}
