package io.kairos.framework;

import io.kairos.cluster.ProcessRole;
import io.kairos.framework.placement.Constraint;

import io.kairos.agent.AgentHandle;
import io.kairos.task.TaskId;
import io.kairos.task.TaskSpec;
import io.kairos.cluster.Leadership;
import io.kairos.allocator.AgentId;
import io.kairos.allocator.Allocation;
import io.kairos.allocator.Allocator;
import io.kairos.allocator.FrameworkId;
import io.kairos.allocator.OfferId;
import io.kairos.allocator.Resources;
import io.kairos.api.Amount;
import io.kairos.job.JobDefinition;
import io.kairos.run.PendingRun;
import io.kairos.run.RunEvents;
import io.kairos.run.RunRecovery;
import io.kairos.run.RunService;
import io.kairos.run.TaskEvents;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The allocation loop on the leader: queue in, offers out, placements back, launches sent. It runs
 * on one thread, woken when work arrives or resources free up and at least every
 * {@code kairos.allocation.interval}. All of its state can be rebuilt from PostgreSQL and the
 * agents' reports, which is what happens at start.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final int QUEUE_BATCH = 500;
    /** Offers a framework leaves unused are refused to it for this long (each cycle re-offers anyway). */
    private static final Duration REFUSE = Duration.ofSeconds(1);
    /** Kills recorded in the database are looked for every this many cycles (a few seconds). */
    private static final int KILL_SWEEP_EVERY = 3;

    private final Clock clock;
    private final RunService runs;
    private final RunRecovery recovery;
    private final ProcessRole role;
    private final Duration interval;
    private final Duration killGrace;
    private final Allocator allocator;
    private final RoleService roles;
    private final Admission admission;
    private final WaitingReasons reasons;
    private final AllocationMetrics metrics;
    /** One batch framework per role that has had work: a job's runs are placed by its role's framework. */
    private final Map<String, BatchFramework> frameworks = new HashMap<>();
    private final Map<AgentId, AgentHandle> agents = new ConcurrentHashMap<>();
    private final Map<TaskId, Placed> placed = new ConcurrentHashMap<>();
    /** Tasks this scheduler has asked their agent to kill; a kill is asked once per task and term. */
    private final Set<TaskId> killsSent = ConcurrentHashMap.newKeySet();
    private final Leadership leadership;
    private long cycles;
    private final Semaphore wake = new Semaphore(0);
    /** Agents join and leave between allocation cycles, never during one: a cycle's offers stay valid to its end. */
    private final Object membership = new Object();
    private volatile Thread loop;
    private volatile boolean running;

    private record Placed(AgentId agent, Resources resources, FrameworkId framework, String job) {
    }

    Dispatcher(Clock clock, RunService runs, RunRecovery recovery, RoleService roles, Admission admission,
               WaitingReasons reasons, Leadership leadership, AllocationMetrics metrics,
               @ConfigProperty(name = "kairos.role") ProcessRole role,
               @ConfigProperty(name = "kairos.allocation.interval", defaultValue = "1s") Duration interval,
               @ConfigProperty(name = "kairos.allocation.offer-timeout", defaultValue = "30s") Duration offerTimeout,
               @ConfigProperty(name = "kairos.kill-grace", defaultValue = "10s") Duration killGrace) {
        this.clock = clock;
        this.runs = runs;
        this.recovery = recovery;
        this.roles = roles;
        this.admission = admission;
        this.reasons = reasons;
        this.leadership = leadership;
        this.metrics = metrics;
        this.role = role;
        this.interval = interval;
        this.killGrace = killGrace;
        this.allocator = new Allocator(offerTimeout);
    }

    void start(@Observes StartupEvent e) {
        if (!role.schedules()) {
            return;
        }
        synchronized (allocator) {
            roles.all().forEach(allocator::putRole);
        }
        running = true;
        loop = new Thread(this::loop, "kairos-dispatcher");
        loop.setDaemon(true);
        loop.start();
    }

    void stop(@Observes ShutdownEvent e) {
        running = false;
        wake.release();
    }

    /**
     * An agent joined: its running tasks are reconciled against the database. It joins with nothing offered: its
     * lifecycle (the agent registry) says when its resources are offered, through {@link #drain}.
     */
    public void register(AgentHandle agent) {
        synchronized (membership) {
            synchronized (allocator) {
                // a re-registration replaces the agent: its allocations are rebuilt from what it runs now
                allocator.removeAgent(agent.id());
                allocator.addAgent(agent.id(), agent.hostname(), agent.resources(), agent.attributes());
                allocator.drain(agent.id());
            }
            agents.put(agent.id(), agent);
            placed.values().removeIf(p -> p.agent().equals(agent.id()));
            Set<TaskId> running = agent.running();
            Map<TaskId, RunRecovery.Adopted> adopted = recovery.reconcile(agent.id(), running);
            adopted.forEach((task, a) -> {
                synchronized (allocator) {
                    FrameworkId fw = framework(a.role()).id();
                    placed.put(task, new Placed(agent.id(), a.resources(), fw, a.job()));
                    allocator.allocate(fw, agent.id(), a.resources());
                }
            });
            // tasks the leader gave up on (e.g. while the agent was lost) must not run on unnoticed
            running.stream().filter(t -> !adopted.containsKey(t)).forEach(t -> {
                LOG.infof("agent %s runs task %s that is no longer wanted: killing it", agent.id(), t.value());
                agent.kill(t, killGrace);
            });
        }
        wake();
    }

    /**
     * An agent left the pool (silent too long, never back after a failover, or removed): its offers are rescinded
     * and its active attempts in the database become LOST, their runs queued again, whether it was connected to
     * this scheduler or only expected back. If it comes back it registers anew.
     */
    public void agentLost(AgentId id, String reason) {
        synchronized (membership) {
            if (agents.remove(id) != null) {
                synchronized (allocator) {
                    allocator.removeAgent(id);
                }
                placed.values().removeIf(p -> p.agent().equals(id));
            }
            LOG.warnf("agent %s lost: %s", id, reason);
            recovery.reconcile(id, Set.of(), "agent " + id + " lost: " + reason, "agent " + id + " lost: " + reason);
        }
        wake();
    }

    /** Offers (or, draining, no more offers) for a connected agent; a no-op for one not in the pool. */
    public void drain(AgentId id, boolean drain) {
        synchronized (allocator) {
            if (agents.containsKey(id)) {
                if (drain) {
                    allocator.drain(id);
                } else {
                    allocator.undrain(id);
                }
            }
        }
        wake();
    }

    /** Tasks placed on the agent (launched or adopted) whose end this scheduler has not seen yet. */
    public int tasksOn(AgentId id) {
        return (int) placed.values().stream().filter(p -> p.agent().equals(id)).count();
    }

    /** The pool's live numbers of a connected agent. */
    public Optional<Allocator.AgentView> pooled(AgentId id) {
        synchronized (allocator) {
            return allocator.agentView(id);
        }
    }

    public Optional<AgentHandle> agent(AgentId id) {
        return Optional.ofNullable(agents.get(id));
    }

    public List<Allocator.AgentView> agents() {
        synchronized (allocator) {
            return List.copyOf(allocator.agents());
        }
    }

    public void wake() {
        wake.release();
    }

    void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) RunEvents.RunsQueued e) {
        wake();
    }

    /** This scheduler led and no longer does: it forgets its agents (they reconnect to the new leader) and their tasks. */
    void onLeadership(@Observes Leadership.Changed change) {
        if (change.leader()) {
            wake();
            return;
        }
        synchronized (membership) {
            synchronized (allocator) {
                agents.keySet().forEach(allocator::removeAgent);
            }
            agents.clear();
            placed.clear();
            killsSent.clear();
        }
    }

    /** Carries out kills recorded in the database that this scheduler has not sent yet (see RunService#killsOwed). */
    private void sendOwedKills() {
        for (RunEvents.KillRequested k : runs.killsOwed()) {
            AgentHandle agent = agents.get(k.agent());
            if (agent != null && killsSent.add(k.task())) {
                agent.kill(k.task(), killGrace);
            }
        }
    }

    void onKill(@Observes(during = TransactionPhase.AFTER_SUCCESS) RunEvents.KillRequested e) {
        AgentHandle agent = agents.get(e.agent());
        if (agent == null) {
            LOG.warnf("cannot kill task %s: agent %s is not connected", e.task().value(), e.agent());
            return;
        }
        killsSent.add(e.task());
        agent.kill(e.task(), killGrace);
    }

    void onEnded(@Observes(during = TransactionPhase.AFTER_SUCCESS) TaskEvents.TaskEnded e) {
        killsSent.remove(e.task());
        Placed p = placed.remove(e.task());
        if (p != null) {
            synchronized (allocator) {
                allocator.release(p.framework(), p.agent(), p.resources());
            }
        }
        wake();
    }

    void onRoleChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) RoleService.RoleChanged e) {
        synchronized (allocator) {
            allocator.putRole(e.role());
        }
        wake();
    }

    /** A role's live dominant share (0..1, before weighting) and what its tasks hold now. */
    public Amount held(String role) {
        synchronized (allocator) {
            // a role no framework has used yet is unknown to the allocator: it holds nothing
            Resources r = frameworks.containsKey(role) ? allocator.held(role) : Resources.NONE;
            return Amount.of(r);
        }
    }

    public double share(String role) {
        synchronized (allocator) {
            return frameworks.containsKey(role) ? allocator.share(role) : 0;
        }
    }

    /** The batch framework of a role, registered (with the role) on first use. Call with the allocator's lock. */
    private BatchFramework framework(String role) {
        return frameworks.computeIfAbsent(role, r -> {
            allocator.putRole(roles.get(r));
            BatchFramework fw = new BatchFramework(new FrameworkId("batch:" + r), REFUSE);
            allocator.addFramework(fw.id(), r);
            return fw;
        });
    }

    private void loop() {
        while (running) {
            try {
                wake.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                if (running && leadership.isLeader()) {
                    long start = System.nanoTime();
                    synchronized (membership) {
                        cycle();
                        if (++cycles % KILL_SWEEP_EVERY == 0) {
                            sendOwedKills();
                        }
                    }
                    metrics.cycle(Duration.ofNanos(System.nanoTime() - start));
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException ex) {
                // the database may be restarting: report, back off one interval, try again
                LOG.warn("allocation cycle failed; retrying", ex);
                sleepQuietly(interval);
            }
        }
    }

    /** One allocation cycle. Package-visible so tests can drive it step by step. */
    void cycle() {
        Instant now = clock.instant();
        List<PendingRun> queue = admission.admit(runs.pending(QUEUE_BATCH), now);
        Map<Long, PendingRun> byRun = new LinkedHashMap<>();
        queue.forEach(p -> byRun.put(p.runId(), p));
        Map<String, List<BatchFramework.Task>> byRole = new LinkedHashMap<>();
        queue.forEach(p -> byRole.computeIfAbsent(p.job().role(), r -> new ArrayList<>()).add(task(p)));
        List<BatchFramework.Running> where = placed.values().stream()
                .map(p -> new BatchFramework.Running(p.job(), p.agent())).toList();
        List<BatchFramework.Launch> launches = new ArrayList<>();
        Map<Long, String> waiting = new LinkedHashMap<>();
        synchronized (allocator) {
            Map<FrameworkId, BatchFramework.Round> rounds = new LinkedHashMap<>();
            byRole.forEach((r, tasks) -> rounds.put(framework(r).id(), framework(r).round(tasks, where)));
            for (BatchFramework fw : frameworks.values()) {
                // frameworks with nothing queued take no offers; work arriving revives them
                if (rounds.containsKey(fw.id()) == allocator.isSuppressed(fw.id())) {
                    if (rounds.containsKey(fw.id())) {
                        allocator.revive(fw.id());
                    } else {
                        allocator.suppress(fw.id());
                    }
                }
            }
            if (rounds.isEmpty()) {
                return;
            }
            Allocation allocation = allocator.allocate(now, rounds);
            int accepted = 0;
            int declined = 0;
            for (BatchFramework.Round round : rounds.values()) {
                BatchFramework.Decision d = round.decision(allocation);
                accepted += d.used().size();
                declined += d.declined().size();
                for (Map.Entry<OfferId, Resources> used : d.used().entrySet()) {
                    allocator.accept(used.getKey(), used.getValue());
                }
                for (OfferId o : d.declined()) {
                    allocator.decline(o, d.refuse(), now);
                }
                launches.addAll(d.launches());
                waiting.putAll(d.waiting());
            }
            metrics.offers(allocation.offers().size(), accepted, declined);
        }
        for (BatchFramework.Launch l : launches) {
            launch(byRun.get(l.runId()), l);
        }
        reasons.retain(byRun.keySet());
        waiting.forEach(reasons::note);
    }

    private void launch(PendingRun run, BatchFramework.Launch l) {
        AgentHandle agent = agents.get(l.agent());
        Optional<TaskSpec> spec = Optional.empty();
        try {
            if (agent != null) {
                spec = runs.stage(run.runId(), l.agent(), run.params(), attemptId -> TaskSpecs.of(run, new TaskId(attemptId), l.resources().ports()));
            }
        } catch (RuntimeException e) {
            LOG.warnf("staging run %d failed, it stays queued: %s", run.runId(), e.getMessage());
        }
        reasons.forget(run.runId());
        FrameworkId fw;
        synchronized (allocator) {
            fw = framework(run.job().role()).id();
            if (spec.isEmpty()) {
                allocator.release(fw, l.agent(), l.resources());
                return;
            }
        }
        placed.put(spec.get().taskId(), new Placed(l.agent(), l.resources(), fw, run.job().name()));
        agent.launch(spec.get());
    }

    private static BatchFramework.Task task(PendingRun p) {
        JobDefinition job = p.job();
        return new BatchFramework.Task(p.runId(), job.name(), job.resources().scalars(), job.resources().ports(),
                Constraint.parse(job.constraints()), job.placement());
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
