package io.kairos.agent.remote;

import io.kairos.agent.LogStream;
import io.kairos.agent.TaskId;
import io.kairos.agent.TaskListener;
import io.kairos.agent.protocol.Message;
import io.kairos.agent.protocol.Wire;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code /api/v1/agents/connect}: the WebSocket remote agents open. Messages are decoded here and mapped to
 * Kairos types; reports go to the scheduler's {@link TaskListener}, and a status update is acknowledged once
 * it was applied, so an update lost on the way is sent again by the agent.
 */
@ApplicationScoped
public class AgentEndpoint {

    static final String PATH = "/api/v1/agents/connect";
    private static final Logger LOG = Logger.getLogger(AgentEndpoint.class);

    private final AgentRegistry registry;
    private final TaskListener reports;
    private final String role;
    // registration and status updates touch the database, which may be slow or away: never on the event loop
    private final ExecutorService work = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kairos-agent-reports");
        t.setDaemon(true);
        return t;
    });

    AgentEndpoint(AgentRegistry registry, TaskListener reports, @ConfigProperty(name = "kairos.role") String role) {
        this.registry = registry;
        this.reports = reports;
        this.role = role;
    }

    void route(@Observes Router router) {
        if (role.equals("agent")) {
            return;
        }
        router.route(PATH).order(-1).handler(rc -> rc.request().toWebSocket()
                .onSuccess(this::accept)
                .onFailure(e -> LOG.debugf("agent connection refused: %s", e.getMessage())));
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
            // paused until registered, so nothing from this connection overtakes its registration
            socket.pause();
            work.execute(() -> {
                try {
                    agent.set(registry.register(r, socket));
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
            work.execute(() -> apply(a, s));
        }
    }

    private void apply(RemoteAgent agent, Message.Status s) {
        TaskId task = new TaskId(s.taskId());
        try {
            if (s.kind() == Message.StatusKind.STARTED) {
                agent.started(task);
                reports.onStarted(task, s.containerId());
            } else {
                agent.finished(task);
                reports.onFinished(task, Wire.outcome(s.outcome()));
            }
        } catch (RuntimeException e) {
            // not acknowledged: the agent sends it again
            LOG.warnf("applying update %s of task %s from agent %s failed: %s", s.updateId(), task, agent.id(), e.getMessage());
            return;
        }
        registry.current(agent.id()).orElse(agent).send(new Message.Ack(registry.epoch(), s.updateId()));
    }
}
