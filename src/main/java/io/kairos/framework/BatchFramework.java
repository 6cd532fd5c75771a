package io.kairos.framework;

import io.kairos.framework.placement.Constraint;
import io.kairos.framework.placement.Placement;
import io.kairos.framework.placement.JobSpread;

import io.kairos.allocator.AgentId;
import io.kairos.allocator.Allocation;
import io.kairos.allocator.Claim;
import io.kairos.allocator.FrameworkId;
import io.kairos.allocator.FreeAgent;
import io.kairos.allocator.OfferId;
import io.kairos.allocator.Placer;
import io.kairos.allocator.PortRanges;
import io.kairos.allocator.Resources;
import io.kairos.allocator.TaskOffer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Level two for batch runs. Pure: no I/O; the caller stages and launches. For each allocation cycle
 * {@link #round} gives a {@link Placer} over the queue: offered one task's worth, it takes the next
 * queued task (queue order is priority, then age), filters agents by the task's resources and hard
 * {@link Constraint}s, scores the survivors with the task's {@link Placement} and claims the best.
 * A task that fits nowhere gets a human reason and the round moves on to the next.
 */
public final class BatchFramework {

    /** How many agents that pass the filters are scored per task; the free-cpu index already puts likely winners first. */
    private static final int SCORED = 4;

    /**
     * One queued task: {@code ports} is how many ports it needs, picked from the agent's free ones; {@code revocable}:
     * it may use other roles' idle quota, and be preempted for it.
     */
    public record Task(long runId, String job, Resources resources, int ports, List<Constraint> constraints,
                       Placement placement, boolean revocable) {
        public Task {
            constraints = List.copyOf(constraints);
            placement = placement == null ? Placement.BIN_PACK : placement;
        }

        public Task(long runId, String job, Resources resources, int ports, List<Constraint> constraints, Placement placement) {
            this(runId, job, resources, ports, constraints, placement, false);
        }

        public Task(long runId, String job, Resources resources) {
            this(runId, job, resources, 0, List.of(), Placement.BIN_PACK);
        }
    }

    /** A task of some job that already runs on an agent: what UNIQUE, MAX_PER, GROUP_BY and CLUSTER count. */
    public record Running(String job, AgentId agent) {
    }

    public record Launch(long runId, OfferId offer, AgentId agent, Resources resources) {
    }

    /**
     * What to launch, what to take of each offer, which offers to decline (with their filter) and
     * why each task left over waits.
     */
    public record Decision(List<Launch> launches, Map<OfferId, Resources> used, List<OfferId> declined,
                           Duration refuse, Map<Long, String> waiting) {
    }

    private final FrameworkId id;
    private final Duration refuse;
    /**
     * The port last handed out on each agent: ports go round each agent's range in turn (see
     * {@link PortRanges#inTurnAfter}), so a run queued again because another program held its port gets the next one.
     */
    private final Map<AgentId, Integer> lastPort = new java.util.concurrent.ConcurrentHashMap<>();

    public BatchFramework(FrameworkId id, Duration refuse) {
        this.id = id;
        this.refuse = refuse;
    }

    public FrameworkId id() {
        return id;
    }

    /** A placer for one allocation cycle over {@code queue}, with the job's tasks already running counted. */
    public Round round(List<Task> queue, List<Running> running) {
        return new Round(queue, running);
    }

    /** The placer of one cycle; read its {@link #decision} when the cycle is over. */
    public final class Round implements Placer {
        private final List<Task> queue;
        private final List<Running> running;
        /** Agents of the running tasks of jobs in the queue, grouped on the first claim; other jobs' tasks are never counted. */
        private Map<String, List<AgentId>> runningByJob;
        /** The offer of the claim in progress: spreads are built lazily, through it. */
        private TaskOffer offer;
        private final Map<String, JobSpread> spreads = new HashMap<>();
        private final Map<Long, String> waiting = new LinkedHashMap<>();
        /** Shapes of task known not to fit this cycle, and why: resources only shrink during a cycle. */
        private final Map<Object, Failed> failed = new HashMap<>();
        private int next;

        private record Failed(Resources resources, int ports, String reason) {
        }

        Round(List<Task> queue, List<Running> running) {
            this.queue = queue;
            this.running = running;
        }

        @Override
        public Optional<Claim> claim(TaskOffer offer) {
            this.offer = offer;
            if (runningByJob == null) {
                runningByJob = groupRunning();
            }
            while (next < queue.size()) {
                Task t = queue.get(next++);
                Object shape = List.of(dependsOnJob(t) ? List.of(t.job(), t.constraints(), t.placement()) : t.constraints(),
                        t.revocable());
                Failed f = failed.get(shape);
                if (f != null && covers(t, f)) {
                    waiting.put(t.runId(), f.reason());
                    continue;
                }
                Optional<Claim> c = place(t, offer);
                if (c.isPresent()) {
                    return c;
                }
                String reason = Reasons.whyWaiting(t, offer, spread(t.job()));
                waiting.put(t.runId(), reason);
                if (f == null) {
                    failed.put(shape, new Failed(t.resources(), t.ports(), reason));
                }
            }
            return Optional.empty();
        }

        /** Whether {@code t} needs at least as much as a task of the same shape that did not fit. */
        private boolean covers(Task t, Failed f) {
            Resources r = t.resources();
            Resources s = f.resources();
            return r.cpus() >= s.cpus() && r.memMb() >= s.memMb() && r.diskMb() >= s.diskMb() && r.gpus() >= s.gpus()
                    && t.ports() >= f.ports();
        }

        private Optional<Claim> place(Task t, TaskOffer offer) {
            if (offer.roleRefuses(t.resources(), t.revocable()) != null) {
                return Optional.empty();
            }
            JobSpread spread = spread(t.job());
            Iterable<FreeAgent> candidates = t.placement().tightestFirst()
                    ? offer.tightestFirst(t.resources().cpus()) : offer.loosestFirst(t.resources().cpus());
            FreeAgent best = null;
            double bestScore = -1;
            int scored = 0;
            for (FreeAgent a : candidates) {
                if (!fits(t, a, spread)) {
                    continue;
                }
                double s = t.placement().score(a, t.resources());
                if (s > bestScore) {
                    best = a;
                    bestScore = s;
                }
                if (++scored == SCORED) {
                    break;
                }
            }
            if (best == null) {
                return Optional.empty();
            }
            spread.add(best.attributes());
            Resources claimed = t.ports() == 0 && t.resources().ports().isEmpty() ? t.resources()
                    : t.resources().withPorts(portsInTurn(best, t.ports()));
            return Optional.of(new Claim(t.runId(), best.id(), claimed, t.revocable()));
        }

        private PortRanges portsInTurn(FreeAgent agent, int n) {
            int last = lastPort.getOrDefault(agent.id(), 0);
            PortRanges given = agent.free().ports().inTurnAfter(last, n);
            lastPort.put(agent.id(), PortRanges.lastInTurn(given, last));
            return given;
        }

        /** Decides the offers this framework got in {@code allocation}: all claimed, so all used. */
        public Decision decision(Allocation allocation) {
            List<Launch> launches = new ArrayList<>();
            Map<OfferId, Resources> used = new LinkedHashMap<>();
            for (Allocation.Grant g : allocation.grants()) {
                if (g.framework().equals(id)) {
                    launches.add(new Launch(g.key(), g.offer(), g.agent(), g.resources()));
                    used.merge(g.offer(), g.resources(), Resources::plus);
                }
            }
            List<OfferId> declined = allocation.offers().stream()
                    .filter(o -> o.framework().equals(id) && !used.containsKey(o.id())).map(o -> o.id()).toList();
            for (; next < queue.size(); next++) {
                waiting.putIfAbsent(queue.get(next).runId(), "waiting for its turn: other frameworks were offered first");
            }
            return new Decision(launches, used, declined, refuse, waiting);
        }

        /**
         * Where each queued job already runs, built on first use: the caller hands over every
         * running task of the framework, most of them of jobs no longer queued.
         */
        private JobSpread spread(String job) {
            JobSpread s = spreads.get(job);
            if (s == null) {
                s = new JobSpread(job);
                for (AgentId a : runningByJob.getOrDefault(job, List.of())) {
                    JobSpread target = s;
                    offer.agent(a).ifPresent(agent -> target.add(agent.attributes()));
                }
                spreads.put(job, s);
            }
            return s;
        }

        private Map<String, List<AgentId>> groupRunning() {
            Map<String, List<AgentId>> byJob = new HashMap<>();
            if (running.isEmpty()) {
                return byJob;
            }
            for (Task t : queue) {
                byJob.putIfAbsent(t.job(), new ArrayList<>());
            }
            for (Running r : running) {
                List<AgentId> agents = byJob.get(r.job());
                if (agents != null) {
                    agents.add(r.agent());
                }
            }
            return byJob;
        }
    }

    private static boolean dependsOnJob(Task t) {
        List<Constraint> constraints = t.constraints();
        for (int i = 0; i < constraints.size(); i++) {
            if (constraints.get(i).dependsOnJob()) {
                return true;
            }
        }
        return false;
    }

    static boolean fits(Task t, FreeAgent a, JobSpread spread) {
        Resources free = a.free();
        if (!free.fitsScalars(t.resources()) || (t.ports() > 0 && free.ports().count() < t.ports())) {
            return false;
        }
        List<Constraint> constraints = t.constraints();
        for (int i = 0; i < constraints.size(); i++) {
            if (!constraints.get(i).allows(a, spread)) {
                return false;
            }
        }
        return true;
    }
}
