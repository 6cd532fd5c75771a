package io.kairos.agent.remote;

import io.kairos.cluster.ProcessRole;
import io.kairos.agent.AgentConfig;
import io.kairos.task.TaskId;
import io.kairos.agent.protocol.Message;
import io.kairos.agent.remote.AgentLifecycle.Event;
import io.kairos.allocator.AgentId;
import io.kairos.allocator.Allocator;
import io.kairos.allocator.Resources;
import io.kairos.api.Amount;
import io.kairos.api.ApiException;
import io.kairos.cluster.Leadership;
import io.kairos.framework.Pool;
import io.kairos.run.RunRecovery;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The agents a scheduler knows, each an {@link AgentMember} whose lifecycle state is a row in PostgreSQL (read
 * again when this scheduler starts or takes the lead, so a drain or a loss outlives both). Every move goes
 * through {@link #fire}: the {@link AgentLifecycle} table says where to and what follows, {@link AgentEffects}
 * carries it out. Liveness is in memory: an agent silent for {@code kairos.agent.lost-after} (or not back within
 * it after this scheduler took the lead) is HEARTBEAT_LOST; one LOST for {@code kairos.agent.gone-after} is removed.
 */
@ApplicationScoped
public class AgentRegistry {

    private static final Logger LOG = Logger.getLogger(AgentRegistry.class);

    private final Pool pool;
    private final Clock clock;
    private final AgentConfig config;
    private final ProcessRole role;
    private final Duration goneAfter;
    private final Leadership leadership;
    private final RunRecovery recovery;
    private final AgentRows rows;
    private final AgentEffects effects;
    private final ClusterIdentity cluster;
    private final Map<AgentId, AgentMember> members = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;
    /** The rows are read once per term, before the first sweep may lose anyone; retried by the sweep if that failed. */
    private volatile boolean loaded;

    AgentRegistry(Pool pool, Clock clock, AgentConfig config, @ConfigProperty(name = "kairos.role") ProcessRole role,
                  @ConfigProperty(name = "kairos.agent.gone-after", defaultValue = "24h") Duration goneAfter,
                  Leadership leadership, RunRecovery recovery, AgentRows rows, AgentEffects effects,
                  ClusterIdentity cluster) {
        this.pool = pool;
        this.clock = clock;
        this.config = config;
        this.role = role;
        this.goneAfter = goneAfter;
        this.leadership = leadership;
        this.recovery = recovery;
        this.rows = rows;
        this.effects = effects;
        this.cluster = cluster;
    }

    void start(@Observes StartupEvent e) {
        if (!role.schedules()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kairos-agent-registry");
            t.setDaemon(true);
            return t;
        });
        if (leadership.isLeader()) {
            load();
        }
        long beat = config.heartbeatInterval().toMillis();
        timer.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        long sweep = Math.max(100, Math.min(1000, config.lostAfter().toMillis() / 4));
        timer.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /**
     * Gained the lead: the agents of the rows (and any with attempts in the database but no row yet) are given
     * lost-after to register here. Lost the lead: every agent is let go, to reconnect to the new leader.
     */
    void onLeadership(@Observes Leadership.Changed change) {
        if (change.leader()) {
            load();
            return;
        }
        loaded = false;
        members.values().forEach(m -> {
            RemoteAgent a = m.agent;
            if (a != null) {
                a.disconnect();
            }
        });
        members.clear();
    }

    private void load() {
        Instant now = clock.instant();
        try {
            for (AgentRows.Row row : rows.current()) {
                AgentMember m = member(row.id());
                synchronized (m) {
                    if (m.agent == null) {
                        m.read(row);
                        m.lastHeard = now;
                    }
                }
            }
            // attempts on an agent with no row (written before agents had rows): it was active
            for (AgentId id : recovery.agentsWithActiveAttempts()) {
                AgentMember m = member(id);
                synchronized (m) {
                    if (m.version == null && m.agent == null) {
                        m.state = AgentState.ACTIVE;
                        m.stateChangedAt = now;
                        m.lastHeard = now;
                    }
                }
            }
            loaded = true;
        } catch (RuntimeException e) {
            LOG.warnf("reading the agents' rows failed, trying again: %s", e.getMessage());
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

    private AgentMember member(AgentId id) {
        return members.computeIfAbsent(id, AgentMember::new);
    }

    /**
     * Moves the member on {@code event} and carries out the effects, then what follows by itself: a registered
     * agent reconciled becomes active, a draining agent with no task left is drained. Call holding its lock.
     * A row changed by another writer is read again and the event decided anew, once.
     */
    void fire(AgentMember m, Event event, String reason) {
        try {
            effects.run(m, event, AgentLifecycle.next(m.state, event), reason);
        } catch (AgentRows.StaleRow stale) {
            rows.find(m.id).ifPresent(m::read);
            effects.run(m, event, AgentLifecycle.next(m.state, event), reason);
        }
        if (event == Event.REGISTER && m.state == AgentState.REGISTERED) {
            fire(m, Event.RECONCILED, "tasks reconciled");
        }
        if (m.state == AgentState.DRAINING && idle(m)) {
            fire(m, Event.LAST_TASK_ENDED, "no task left");
        }
    }

    private boolean idle(AgentMember m) {
        RemoteAgent a = m.agent;
        return pool.tasksOn(m.id) == 0 && (a == null || m.silent || a.running().isEmpty());
    }

    /** A connection registered: the agent joins (or re-joins) the pool, reconciled against the database. */
    RemoteAgent register(Message.Register r, ServerWebSocket socket) {
        if (!leadership.isLeader()) {
            // the agent tries its next scheduler URL
            throw new IllegalStateException("this scheduler does not lead" + leadership.leaderUrl().map(u -> "; the leader is " + u).orElse(""));
        }
        long epoch = leadership.epoch();
        RemoteAgent agent = new RemoteAgent(r, epoch, socket);
        AgentMember m = member(agent.id());
        // one registration (and one move) of an agent at a time, so two connections cannot both pass the check below
        synchronized (m) {
            if (m.version == null) {
                // its row may be newer than what this scheduler read, or not read yet
                rows.find(m.id).ifPresent(m::read);
            }
            RemoteAgent previous = m.agent;
            if (previous != null && previous.connected() && !m.silent) {
                // a second connection under a live agent's id is someone else (or a copy of it): taking over would
                // hand it the agent's launches and let it report on the agent's tasks (issue 11)
                throw new AgentRefusedException("agent id " + agent.id() + " is already connected from another connection;"
                        + " refused until that one disconnects or is lost");
            }
            Instant now = clock.instant();
            m.agent = agent;
            m.lastHeard = now;
            m.silent = false;
            m.registeredAt = now;
            m.hostname = agent.hostname();
            m.resources = agent.resources();
            m.attributes = agent.attributes();
            if (previous != null) {
                // a connection of a lost agent that is back: let it go, the new one carries on
                previous.disconnect();
            }
            LOG.infof("agent %s registered from %s: %s, attributes %s, %d tasks running", agent.id(), agent.hostname(),
                    agent.resources(), agent.attributes(), agent.running().size());
            fire(m, Event.REGISTER, "registered from " + agent.hostname());
        }
        agent.send(new Message.Registered(epoch, agent.id().value(), config.heartbeatInterval().toMillis(), cluster.id()));
        return agent;
    }

    void heard(AgentId id) {
        AgentMember m = members.get(id);
        if (m != null && !m.silent) {
            m.lastHeard = clock.instant();
        }
    }

    void disconnected(RemoteAgent agent) {
        AgentMember m = members.get(agent.id());
        if (m != null && m.agent == agent && !m.silent) {
            LOG.infof("agent %s disconnected; lost unless it is back within %s", agent.id(), config.lostAfter());
        }
    }

    /** A task of the agent ended: a draining agent whose last task it was is drained now (else the sweep sees it). */
    void taskEnded(AgentId id) {
        AgentMember m = members.get(id);
        if (m == null) {
            return;
        }
        synchronized (m) {
            if (m.state == AgentState.DRAINING && idle(m)) {
                try {
                    fire(m, Event.LAST_TASK_ENDED, "no task left");
                } catch (RuntimeException e) {
                    LOG.warnf("recording agent %s as drained failed, the sweep tries again: %s", id, e.getMessage());
                }
            }
        }
    }

    /** The current connection of an agent, to answer on it (an ack may belong to an earlier connection's update). */
    Optional<RemoteAgent> current(AgentId id) {
        return Optional.ofNullable(members.get(id)).filter(m -> !m.silent).map(m -> m.agent);
    }

    private void heartbeat() {
        long epoch = leadership.epoch();
        members.values().forEach(m -> {
            RemoteAgent a = m.agent;
            if (a != null && !m.silent) {
                a.send(new Message.Heartbeat(epoch));
            }
        });
    }

    /** Liveness, drain completion and expiry; a move that fails (the database is away) is tried at the next sweep. */
    private void sweep() {
        if (!leadership.isLeader()) {
            return;
        }
        if (!loaded) {
            load();
            return;
        }
        Instant now = clock.instant();
        Instant silentSince = now.minus(config.lostAfter());
        for (AgentMember m : members.values()) {
            synchronized (m) {
                try {
                    if (!m.silent && m.state.inPool() && m.lastHeard != null && m.lastHeard.isBefore(silentSince)) {
                        m.silent = true;
                        fire(m, Event.HEARTBEAT_LOST, m.agent == null
                                ? "not back within " + humanized(config.lostAfter()) + " of this scheduler taking the lead"
                                : "silent for more than " + humanized(config.lostAfter()));
                    } else if (m.state == AgentState.DRAINING && idle(m)) {
                        fire(m, Event.LAST_TASK_ENDED, "no task left");
                    } else if (m.state == AgentState.LOST && m.stateChangedAt != null && m.stateChangedAt.isBefore(now.minus(goneAfter))) {
                        fire(m, Event.REMOVE, "lost for more than " + humanized(goneAfter));
                    }
                } catch (RuntimeException e) {
                    if (m.state.inPool()) {
                        m.silent = false;
                    }
                    LOG.warnf("moving agent %s on failed, trying again: %s", m.id, e.getMessage());
                }
            }
        }
    }

    /** Every agent not GONE, by id. */
    public List<AgentView> list() {
        return members.values().stream().filter(m -> m.state != AgentState.GONE).map(this::view)
                .sorted(Comparator.comparing(AgentView::id)).toList();
    }

    public AgentView get(String id) {
        return view(known(id));
    }

    public AgentView drain(String id, boolean drain) {
        return move(id, drain ? Event.DRAIN : Event.UNDRAIN, drain ? "drained by an operator" : "undrained by an operator");
    }

    /** An operator removes a DRAINED or LOST agent: it leaves the list until it registers again. */
    public AgentView remove(String id) {
        return move(id, Event.REMOVE, "removed by an operator");
    }

    private AgentView move(String id, Event event, String reason) {
        AgentMember m = known(id);
        synchronized (m) {
            if (AgentLifecycle.allowed(m.state, event).isEmpty()) {
                throw ApiException.conflict("agent " + id + " is " + m.state + ": " + event.name().toLowerCase()
                        + " is not possible now" + (event == Event.REMOVE ? " (drain it first: only DRAINED or LOST agents are removed)" : ""));
            }
            if (event == Event.UNDRAIN && m.silent && m.state == AgentState.DRAINED) {
                // a drained agent that went away: active again, it is lost unless it is back within lost-after
                m.silent = false;
                m.lastHeard = clock.instant();
            }
            fire(m, event, reason);
        }
        return view(m);
    }

    private AgentMember known(String id) {
        AgentMember m = members.get(new AgentId(id));
        if (m == null) {
            throw ApiException.notFound("no agent with id " + id);
        }
        return m;
    }

    private AgentView view(AgentMember m) {
        Optional<Allocator.AgentView> live = pool.pooled(m.id);
        RemoteAgent remote = m.agent;
        boolean connected = m.connected();
        List<Long> running = connected ? remote.running().stream().map(TaskId::value).sorted().toList() : List.of();
        Resources total = live.map(Allocator.AgentView::total).orElse(m.resources);
        return new AgentView(m.id.value(), m.hostname, m.state, connected, Amount.of(total),
                Amount.of(live.map(Allocator.AgentView::allocated).orElse(Resources.NONE)),
                Amount.of(live.map(Allocator.AgentView::free).orElse(Resources.NONE)),
                m.resources.ports().ranges(), m.attributes, running, m.lastHeard, m.reason, m.stateChangedAt);
    }

    private static String humanized(Duration d) {
        return d.toString().substring(2).toLowerCase();
    }
}
