package io.kairos.agent.remote;

import io.kairos.api.Amount;

import io.kairos.agent.AgentConfig;
import io.kairos.agent.AgentHandle;
import io.kairos.agent.TaskId;
import io.kairos.agent.protocol.Message;
import io.kairos.allocator.AgentId;
import io.kairos.cluster.Leadership;
import io.kairos.run.RunRecovery;
import io.kairos.allocator.Allocator;
import io.kairos.api.ApiException;
import io.kairos.framework.Dispatcher;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.ServerWebSocket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The remote agents a scheduler knows: who is connected, when each was last heard from, who is lost. Agents
 * silent for {@code kairos.agent.lost-after} are reported lost to the {@link Dispatcher}; lost ones stay listed
 * until they register again.
 */
@ApplicationScoped
public class AgentRegistry {

    private static final Logger LOG = Logger.getLogger(AgentRegistry.class);

    private final Dispatcher dispatcher;
    private final Clock clock;
    private final AgentConfig config;
    private final String role;
    private final Leadership leadership;
    private final RunRecovery recovery;
    private final Map<AgentId, Member> members = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    /** {@code agent} is null for an agent expected back (it has attempts in the database) that has not registered yet. */
    private static final class Member {
        volatile RemoteAgent agent;
        volatile Instant lastHeard;
        volatile boolean lost;
    }

    AgentRegistry(Dispatcher dispatcher, Clock clock, AgentConfig config, @ConfigProperty(name = "kairos.role") String role,
                  Leadership leadership, RunRecovery recovery) {
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.config = config;
        this.role = role;
        this.leadership = leadership;
        this.recovery = recovery;
    }

    void start(@Observes StartupEvent e) {
        if (role.equals("agent")) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kairos-agent-registry");
            t.setDaemon(true);
            return t;
        });
        long beat = config.heartbeatInterval().toMillis();
        timer.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        long sweep = Math.max(100, Math.min(1000, config.lostAfter().toMillis() / 4));
        timer.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
        if (leadership.isLeader()) {
            expectAgentsBack();
        }
    }

    /**
     * Gained the lead: agents that ran tasks under the last leader are given lost-after to register here, or
     * their attempts are lost. Lost the lead: every agent is let go, to reconnect to the new leader.
     */
    void onLeadership(@Observes Leadership.Changed change) {
        if (change.leader()) {
            expectAgentsBack();
            return;
        }
        members.values().forEach(m -> {
            if (m.agent != null) {
                m.agent.disconnect();
            }
        });
        members.clear();
    }

    private void expectAgentsBack() {
        Instant now = clock.instant();
        try {
            for (AgentId id : recovery.agentsWithActiveAttempts()) {
                members.computeIfAbsent(id, k -> {
                    Member m = new Member();
                    m.lastHeard = now;
                    return m;
                });
            }
        } catch (RuntimeException e) {
            LOG.warnf("listing the agents expected back failed: %s", e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent e) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    public long epoch() {
        return leadership.epoch();
    }

    /** A connection registered: the agent joins (or re-joins) the pool, reconciled against the database. */
    RemoteAgent register(Message.Register r, ServerWebSocket socket) {
        if (!leadership.isLeader()) {
            // the agent tries its next scheduler URL
            throw new IllegalStateException("this scheduler does not lead" + leadership.leaderUrl().map(u -> "; the leader is " + u).orElse(""));
        }
        long epoch = leadership.epoch();
        RemoteAgent agent = new RemoteAgent(r, epoch, socket);
        Member m = members.computeIfAbsent(agent.id(), id -> new Member());
        // one registration of an agent at a time, so the dispatcher ends up with the newest connection
        synchronized (m) {
            RemoteAgent previous = m.agent;
            m.agent = agent;
            m.lastHeard = clock.instant();
            m.lost = false;
            if (previous != null) {
                previous.disconnect();
            }
            LOG.infof("agent %s registered from %s: %s, attributes %s, %d tasks running", agent.id(), agent.hostname(),
                    agent.resources(), agent.attributes(), agent.running().size());
            dispatcher.register(agent);
        }
        agent.send(new Message.Registered(epoch, agent.id().value(), config.heartbeatInterval().toMillis()));
        return agent;
    }

    void heard(AgentId id) {
        Member m = members.get(id);
        if (m != null && !m.lost) {
            m.lastHeard = clock.instant();
        }
    }

    void disconnected(RemoteAgent agent) {
        Member m = members.get(agent.id());
        if (m != null && m.agent == agent && !m.lost) {
            LOG.infof("agent %s disconnected; lost unless it is back within %s", agent.id(), config.lostAfter());
        }
    }

    /** The current connection of an agent, to answer on it (an ack may belong to an earlier connection's update). */
    Optional<RemoteAgent> current(AgentId id) {
        return Optional.ofNullable(members.get(id)).filter(m -> !m.lost).map(m -> m.agent);
    }

    private void heartbeat() {
        long epoch = leadership.epoch();
        members.values().stream().filter(m -> !m.lost && m.agent != null).forEach(m -> m.agent.send(new Message.Heartbeat(epoch)));
    }

    private void sweep() {
        Instant deadline = clock.instant().minus(config.lostAfter());
        for (Map.Entry<AgentId, Member> entry : members.entrySet()) {
            Member m = entry.getValue();
            RemoteAgent agent;
            synchronized (m) {
                if (m.lost || !m.lastHeard.isBefore(deadline)) {
                    continue;
                }
                m.lost = true;
                agent = m.agent;
            }
            if (agent == null) {
                AgentId id = entry.getKey();
                try {
                    dispatcher.abandon(id, "not back within " + humanized(config.lostAfter()) + " of this scheduler taking the lead");
                    members.remove(id, m);
                } catch (RuntimeException e) {
                    LOG.warnf("recording agent %s as lost failed, retrying: %s", id, e.getMessage());
                    m.lost = false;
                }
                continue;
            }
            agent.disconnect();
            try {
                dispatcher.agentLost(agent.id(), "silent for more than " + humanized(config.lostAfter()));
            } catch (RuntimeException e) {
                // the database is away: try again at the next sweep
                LOG.warnf("recording agent %s as lost failed, retrying: %s", agent.id(), e.getMessage());
                m.lost = false;
            }
        }
    }

    public List<AgentView> list() {
        List<AgentView> out = new ArrayList<>();
        for (Allocator.AgentView v : dispatcher.agents()) {
            out.add(view(v.id(), Optional.of(v)));
        }
        members.forEach((id, m) -> {
            if (m.lost && m.agent != null && dispatcher.agent(id).isEmpty()) {
                out.add(view(id, Optional.empty()));
            }
        });
        out.sort(Comparator.comparing(AgentView::id));
        return out;
    }

    public AgentView get(String id) {
        AgentId agent = known(id);
        return view(agent, dispatcher.agents().stream().filter(v -> v.id().equals(agent)).findFirst());
    }

    public AgentView drain(String id, boolean drain) {
        AgentId agent = known(id);
        dispatcher.drain(agent, drain);
        LOG.infof("agent %s %s", agent, drain ? "draining: no new tasks" : "no longer draining");
        return get(id);
    }

    private AgentId known(String id) {
        AgentId agent = new AgentId(id);
        if (dispatcher.agent(agent).isEmpty() && !members.containsKey(agent)) {
            throw ApiException.notFound("no agent with id " + id);
        }
        return agent;
    }

    private AgentView view(AgentId id, Optional<Allocator.AgentView> pool) {
        Member m = members.get(id);
        Optional<AgentHandle> handle = dispatcher.agent(id);
        boolean lost = pool.isEmpty();
        AgentView.State state = lost ? AgentView.State.LOST
                : dispatcher.draining(id) ? AgentView.State.DRAINING : AgentView.State.ACTIVE;
        RemoteAgent remote = m == null ? null : m.agent;
        AgentHandle h = handle.orElse(remote);
        List<Long> running = lost ? List.of() : h.running().stream().map(TaskId::value).sorted().toList();
        io.kairos.allocator.Resources total = pool.map(Allocator.AgentView::total).orElse(h.resources());
        io.kairos.allocator.Resources allocated = pool.map(Allocator.AgentView::allocated).orElse(io.kairos.allocator.Resources.NONE);
        return new AgentView(id.value(), h.hostname(), state, remote == null || (!lost && remote.connected()), Amount.of(total),
                Amount.of(allocated), Amount.of(pool.map(Allocator.AgentView::free).orElse(io.kairos.allocator.Resources.NONE)),
                h.resources().ports().ranges(), h.attributes(), running, m == null ? null : m.lastHeard);
    }

    private static String humanized(Duration d) {
        return d.toString().substring(2).toLowerCase();
    }
}
