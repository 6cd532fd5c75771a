package io.kairos.framework;

import io.kairos.cluster.ProcessRole;
import io.kairos.framework.placement.Constraint;

import io.kairos.agent.AgentHandle;
import io.kairos.task.TaskId;
import io.kairos.task.TaskSpec;
import io.kairos.security.SecretStore;
import io.kairos.cluster.Leadership;
import io.kairos.allocator.Allocation;
import io.kairos.allocator.FrameworkId;
import io.kairos.allocator.OfferId;
import io.kairos.allocator.Resources;
import io.kairos.job.JobDefinition;
import io.kairos.job.Tier;
import io.kairos.run.PendingRun;
import io.kairos.run.RunEvents;
import io.kairos.run.RunService;
import io.kairos.run.RunQueue;
import io.kairos.run.TaskEvents;
import io.kairos.service.InstanceEvents;
import io.kairos.service.Instances;
import io.kairos.service.ServiceDefinition;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The allocation loop on the leader: queue in, offers out, placements back, launches sent. It runs
 * on one thread, woken when work arrives or resources free up and at least every
 * {@code kairos.allocation.interval}. Its state is the {@link Pool}'s, which can be rebuilt from PostgreSQL and the
 * agents' reports, as happens at start; agents join and leave through {@link AgentMembership}, kills go out through
 * {@link KillDelivery}.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final int QUEUE_BATCH = 500;
    /** Kills recorded in the database are looked for every this many cycles (a few seconds). */
    private static final int KILL_SWEEP_EVERY = 3;
    /** Opens a job's secrets for its task's launch, inside the staging transaction (issue 11). */
    private final SecretStore secrets;

    private final Clock clock;
    private final RunService runs;
    private final RunQueue runQueue;
    private final ProcessRole role;
    private final Duration interval;
    private final Pool pool;
    private final KillDelivery kills;
    private final RoleService roles;
    private final Admission admission;
    private final WaitingReasons reasons;
    private final AllocationMetrics metrics;
    private final Leadership leadership;
    private final Instances instances;
    private final Preemptor preemptor;
    private long cycles;
    private final Semaphore wake = new Semaphore(0);
    private volatile Thread loop;
    private volatile boolean running;

    Dispatcher(Clock clock, RunService runs, RunQueue runQueue, Pool pool, KillDelivery kills, RoleService roles, Admission admission,
               WaitingReasons reasons, Leadership leadership, AllocationMetrics metrics,
               @ConfigProperty(name = "kairos.role") ProcessRole role,
               @ConfigProperty(name = "kairos.allocation.interval", defaultValue = "1s") Duration interval, SecretStore secrets,
               Instances instances, Preemptor preemptor) {
        this.clock = clock;
        this.preemptor = preemptor;
        this.instances = instances;
        this.secrets = secrets;
        this.runs = runs;
        this.runQueue = runQueue;
        this.pool = pool;
        this.kills = kills;
        this.roles = roles;
        this.admission = admission;
        this.reasons = reasons;
        this.leadership = leadership;
        this.metrics = metrics;
        this.role = role;
        this.interval = interval;
    }

    void start(@Observes StartupEvent e) {
        if (!role.schedules()) {
            return;
        }
        pool.onAllocator(a -> {
            roles.all().forEach(a::putRole);
        });
        running = true;
        loop = new Thread(this::loop, "kairos-dispatcher");
        loop.setDaemon(true);
        loop.start();
    }

    void stop(@Observes ShutdownEvent e) {
        running = false;
        wake.release();
    }

    public void wake() {
        wake.release();
    }

    void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) RunEvents.RunsQueued e) {
        wake();
    }

    void onLeadership(@Observes Leadership.Changed change) {
        preemptor.forget();
        if (change.leader()) {
            wake();
        }
    }

    void onEnded(@Observes(during = TransactionPhase.AFTER_SUCCESS) TaskEvents.TaskEnded e) {
        preemptor.ended(e.task());
        pool.release(e.task());
        wake();
    }

    void onInstanceEnded(@Observes(during = TransactionPhase.AFTER_SUCCESS) InstanceEvents.InstanceEnded e) {
        pool.release(e.task());
        wake();
    }

    void onRoleChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) RoleService.RoleChanged e) {
        pool.onAllocator(a -> {
            a.putRole(e.role());
        });
        wake();
    }

    private void loop() {
        while (running) {
            try {
                wake.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                if (running && leadership.isLeader()) {
                    long start = System.nanoTime();
                    synchronized (pool.membership()) {
                        cycle();
                        if (++cycles % KILL_SWEEP_EVERY == 0) {
                            kills.sendOwed();
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
        // services first: their plan stops what must go, and says what must start
        List<Instances.Wanted> wanted = instances.demand();
        // one entry per instance to place: its index is the task's key in the service rounds
        List<Instances.Wanted> serviceTasks = new ArrayList<>();
        Map<String, List<BatchFramework.Task>> servicesByRole = new LinkedHashMap<>();
        for (Instances.Wanted w : wanted) {
            ServiceDefinition def = w.definition();
            for (int i = 0; i < w.count(); i++) {
                int key = serviceTasks.size();
                serviceTasks.add(w);
                servicesByRole.computeIfAbsent(def.role(), r -> new ArrayList<>()).add(new BatchFramework.Task(key, def.id(),
                        def.resources().scalars(), def.ports().size(), Constraint.parse(def.constraints()), def.placement()));
            }
        }
        List<PendingRun> queue = admission.admit(runQueue.pending(QUEUE_BATCH), now);
        Map<Long, PendingRun> byRun = new LinkedHashMap<>();
        queue.forEach(p -> byRun.put(p.runId(), p));
        Map<String, List<BatchFramework.Task>> byRole = new LinkedHashMap<>();
        queue.forEach(p -> byRole.computeIfAbsent(p.job().role(), r -> new ArrayList<>()).add(task(p)));
        List<BatchFramework.Running> where = pool.placed().values().stream()
                .map(p -> new BatchFramework.Running(p.job(), p.agent())).toList();
        List<BatchFramework.Launch> launches = new ArrayList<>();
        List<BatchFramework.Launch> instanceLaunches = new ArrayList<>();
        Map<String, String> serviceWaiting = new LinkedHashMap<>();
        Map<Long, String> waiting = new LinkedHashMap<>();
        pool.onAllocator(allocator -> {
            Map<FrameworkId, BatchFramework.Round> rounds = new LinkedHashMap<>();
            java.util.Set<FrameworkId> services = new java.util.HashSet<>();
            servicesByRole.forEach((r, tasks) -> {
                BatchFramework fw = pool.serviceFramework(allocator, r);
                rounds.put(fw.id(), fw.round(tasks, where));
                services.add(fw.id());
            });
            byRole.forEach((r, tasks) -> rounds.put(pool.framework(allocator, r).id(), pool.framework(allocator, r).round(tasks, where)));
            for (BatchFramework fw : pool.frameworks()) {
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
            for (Map.Entry<FrameworkId, BatchFramework.Round> entry : rounds.entrySet()) {
                BatchFramework.Decision d = entry.getValue().decision(allocation);
                accepted += d.used().size();
                declined += d.declined().size();
                for (Map.Entry<OfferId, Resources> used : d.used().entrySet()) {
                    allocator.accept(used.getKey(), used.getValue());
                }
                for (OfferId o : d.declined()) {
                    allocator.decline(o, d.refuse(), now);
                }
                if (services.contains(entry.getKey())) {
                    // a service's task has no run to note a reason on: its service keeps the first one
                    instanceLaunches.addAll(d.launches());
                    d.waiting().forEach((key, why) -> serviceWaiting.putIfAbsent(serviceTasks.get((int) (long) key).serviceId(), why));
                } else {
                    launches.addAll(d.launches());
                    waiting.putAll(d.waiting());
                }
            }
            metrics.offers(allocation.offers().size(), accepted, declined);
        });
        for (BatchFramework.Launch l : instanceLaunches) {
            launch(serviceTasks.get((int) l.runId()), l);
        }
        preemptor.preemptFor(unplaced(serviceTasks, instanceLaunches, queue, launches), now);
        if (!wanted.isEmpty()) {
            instances.explain(wanted, serviceWaiting);
        }
        for (BatchFramework.Launch l : launches) {
            launch(byRun.get(l.runId()), l);
        }
        reasons.retain(byRun.keySet());
        waiting.forEach(reasons::note);
    }

    private void launch(PendingRun run, BatchFramework.Launch l) {
        AgentHandle agent = pool.agents().get(l.agent());
        Optional<TaskSpec> spec = Optional.empty();
        try {
            if (agent != null) {
                spec = runs.stage(run.runId(), l.agent(), run.params(), attemptId -> TaskSpecs.of(run, new TaskId(attemptId), l.resources().ports(), secrets.open(run.jobId())));
            }
        } catch (RuntimeException e) {
            LOG.warnf("staging run %d failed, it stays queued: %s", run.runId(), e.getMessage());
        }
        reasons.forget(run.runId());
        boolean staged = spec.isPresent();
        FrameworkId fw = pool.withAllocator(a -> {
            FrameworkId id = pool.framework(a, run.job().role()).id();
            if (!staged) {
                a.release(id, l.agent(), l.resources());
            }
            return id;
        });
        if (!staged) {
            return;
        }
        pool.placed().put(spec.get().taskId(), new Pool.Placed(l.agent(), l.resources(), fw, run.job().name(), false,
                run.job().tier() == Tier.REVOCABLE, run.job().priority(), clock.instant()));
        agent.launch(spec.get());
    }

    /**
     * The instances and runs left unplaced this cycle, in the order they are served: instances first (a role's
     * services take its quota first), then runs in queue order (priority, then age).
     */
    private static List<Preemption.Claimant> unplaced(List<Instances.Wanted> wanted, List<BatchFramework.Launch> launchedInstances,
                                                      List<PendingRun> queue, List<BatchFramework.Launch> launchedRuns) {
        java.util.Set<Long> placed = new java.util.HashSet<>();
        launchedInstances.forEach(l -> placed.add(l.runId()));
        List<Preemption.Claimant> unplaced = new ArrayList<>();
        for (int k = 0; k < wanted.size(); k++) {
            if (!placed.contains((long) k)) {
                ServiceDefinition def = wanted.get(k).definition();
                unplaced.add(new Preemption.Claimant("service " + def.id(), def.role(), def.resources().scalars(),
                        def.ports().size(), false, def.constraints()));
            }
        }
        placed.clear();
        launchedRuns.forEach(l -> placed.add(l.runId()));
        for (PendingRun p : queue) {
            if (!placed.contains(p.runId())) {
                JobDefinition job = p.job();
                unplaced.add(new Preemption.Claimant("run " + p.runId() + " of job " + job.name(), job.role(),
                        job.resources().scalars(), job.resources().ports(), job.tier() == Tier.REVOCABLE,
                        job.constraints()));
            }
        }
        return unplaced;
    }

    private void launch(Instances.Wanted s, BatchFramework.Launch l) {
        AgentHandle agent = pool.agents().get(l.agent());
        Optional<TaskSpec> spec = Optional.empty();
        try {
            if (agent != null) {
                spec = instances.stage(s, l.agent(), agent.hostname(), l.resources().ports());
            }
        } catch (RuntimeException e) {
            LOG.warnf("staging an instance of %s failed; the next cycle tries again: %s", s.serviceId(), e.getMessage());
        }
        boolean staged = spec.isPresent();
        String role = s.definition().role();
        FrameworkId fw = pool.withAllocator(a -> {
            FrameworkId id = pool.serviceFramework(a, role).id();
            if (!staged) {
                a.release(id, l.agent(), l.resources());
            }
            return id;
        });
        if (!staged) {
            return;
        }
        pool.placed().put(spec.get().taskId(), new Pool.Placed(l.agent(), l.resources(), fw, s.serviceId(), true, false, 0,
                clock.instant()));
        agent.launch(spec.get());
    }

    private static BatchFramework.Task task(PendingRun p) {
        JobDefinition job = p.job();
        return new BatchFramework.Task(p.runId(), job.name(), job.resources().scalars(), job.resources().ports(),
                Constraint.parse(job.constraints()), job.placement(), job.tier() == Tier.REVOCABLE);
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
