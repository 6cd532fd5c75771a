package io.kairos.agent.remote;

import io.kairos.agent.JoinToken;
import io.kairos.cluster.ProcessRole;
import io.kairos.security.HttpProblem;
import io.kairos.task.LogStream;
import io.kairos.task.TaskId;
import io.kairos.run.TaskEvents;
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
 * Kairos types; reports go to the scheduler's {@link TaskEvents}, which applies one only for a task placed on the agent that sent it, and a status update is acknowledged once
 * it was applied, so an update lost on the way is sent again by the agent.
 *
 * <p>One agent's registration and status updates go through its {@link ReportLane}, one after the other in the
 * order they arrived, so a task's FINISHED can never be applied before its STARTED; the lanes share a pool of
 * {@code kairos.agent.report-threads}, and a lane whose update fails (the database is away) backs off on a timer
 * without holding a thread. Log chunks are buffered in memory on arrival, before the FINISHED behind them is even
 * queued; the end stores them first, so a task's output never trails its end.
 *
 * <p>With authentication on, a handshake without the {@link JoinToken} is answered 401 and never upgraded: whoever
 * sent it gets no connection to register on, hence no launch.
 */
@ApplicationScoped
public class AgentEndpoint {

    static final String PATH = "/api/v1/agents/connect";
    private static final Logger LOG = Logger.getLogger(AgentEndpoint.class);

    private final AgentRegistry registry;
    private final TaskEvents reports;
    private final ProcessRole role;
    private final JoinToken joinToken;
    private final Vertx vertx;
    // registration and status updates touch the database, which may be slow or away: never on the event loop
    private final ExecutorService work;
    private final Map<String, ReportLane> lanes = new ConcurrentHashMap<>();

    AgentEndpoint(AgentRegistry registry, TaskEvents reports, Vertx vertx, @ConfigProperty(name = "kairos.role") ProcessRole role,
                  JoinToken joinToken, @ConfigProperty(name = "kairos.agent.report-threads", defaultValue = "4") int threads) {
        this.registry = registry;
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
            Optional<String> refusal = joinToken.refusal(request.getHeader(HttpHeaders.AUTHORIZATION));
            if (refusal.isPresent()) {
                refuse(request, refusal.get());
                return;
            }
            request.toWebSocket()
                    .onSuccess(this::accept)
                    .onFailure(e -> LOG.debugf("agent connection refused: %s", e.getMessage()));
        });
    }

    /** Said once at start, since every agent would be refused and nothing else says why. */
    void checkJoinToken(@Observes StartupEvent e) {
        if (!role.schedules()) {
            return;
        }
        joinToken.checkLength();
        if (joinToken.admitsNoRemoteAgent()) {
            LOG.warn("*** Authentication is on and " + JoinToken.SETTING + " (kairos.agent.join-token) is not set:"
                    + " this scheduler refuses every remote agent. Set the same join token on the schedulers and the agents. ***");
        }
    }

    private static void refuse(HttpServerRequest request, String reason) {
        // who knocked, never what it showed
        LOG.warnf("refused an agent connection from %s: %s", request.remoteAddress(), reason);
        HttpProblem.send(request.response(), 401, "Unauthorized", reason, "Bearer realm=\"kairos-agents\"");
    }

    void stop(@Observes ShutdownEvent e) {
        work.shutdownNow();
    }

    private void accept(ServerWebSocket socket) {
        AtomicReference<RemoteAgent> agent = new AtomicReference<>();
        socket.textMessageHandler(text -> {
            Message m;
            try {
                m = Wire.decode(text);
            } catch (IllegalArgumentException e) {
                LOG.warnf("agent %s sent something else: %s", agent.get() == null ? socket.remoteAddress() : agent.get().id(), e.getMessage());
                return;
            }
            receive(socket, agent, m);
        });
        socket.closeHandler(v -> {
            RemoteAgent a = agent.get();
            if (a != null) {
                registry.disconnected(a);
            }
        });
    }

    private void receive(ServerWebSocket socket, AtomicReference<RemoteAgent> agent, Message m) {
        RemoteAgent a = agent.get();
        if (m instanceof Message.Register r) {
            if (r.agentId() == null || r.agentId().isBlank()) {
                LOG.warnf("%s registered without an agent id: closing", socket.remoteAddress());
                socket.close();
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
