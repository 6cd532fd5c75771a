package io.kairos.bench;

import com.netflix.fenzo.ConstraintEvaluator;
import com.netflix.fenzo.SchedulingResult;
import com.netflix.fenzo.TaskAssignmentResult;
import com.netflix.fenzo.TaskRequest;
import com.netflix.fenzo.TaskScheduler;
import com.netflix.fenzo.TaskTrackerState;
import com.netflix.fenzo.VMAssignmentResult;
import com.netflix.fenzo.VMTaskFitnessCalculator;
import com.netflix.fenzo.VirtualMachineCurrentState;
import com.netflix.fenzo.VirtualMachineLease;
import com.netflix.fenzo.plugins.BinPackingFitnessCalculators;
import com.netflix.fenzo.plugins.HostAttrValueConstraint;
import com.netflix.fenzo.plugins.UniqueHostAttrConstraint;
import io.kairos.framework.placement.Constraint;
import org.apache.mesos.Protos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The same scenario through Netflix Fenzo: leases for every agent (with its rack as a Mesos
 * attribute), tasks in batches of 1,000 per scheduleOnce, cpu+memory bin-packing, the same
 * constraints through Fenzo's own plugins where it has them (rack EQUALS: HostAttrValueConstraint;
 * hostname UNIQUE: UniqueHostAttrConstraint over the job's tasks) and a small evaluator for MAX_PER,
 * which Fenzo has no plugin for. After each call the used hosts are re-offered with what is left, as
 * Mesos would. Fenzo has no DRF across roles, so it schedules without fairness: it does less work
 * per task than Kairos here.
 *
 * <p>Configured as an operator would run it (see {@link #SETTINGS}): a fitness "good enough"
 * cut-off so it stops searching hosts once one packs well, shortfall evaluation off (it only feeds
 * autoscaling, which this pool does not do), and Fenzo's debug logging off — without a logging
 * configuration the JBoss log manager on this classpath formats and buffers (Quarkus' delayed
 * handler) every one of Fenzo's per-host debug lines, about a quarter of its time in a profile.
 */
final class FenzoRun {
    static final int BATCH = 1000;
    /** Fitness above which Fenzo takes a host without looking at the rest (by default it scores every host). */
    static final double GOOD_ENOUGH = 0.9;
    static final String SETTINGS = "cpuMemBinPacker, fitness good enough > " + GOOD_ENOUGH
            + ", shortfall evaluation off, Fenzo plugins for EQUALS and UNIQUE, logging at INFO";

    record Result(long placed, int attempted, double seconds, List<Double> callMs) {
    }

    static Result run(Scenario s, int taskLimit) {
        // an operator runs Fenzo with its per-host debug lines off
        org.jboss.logmanager.LogContext.getLogContext().getLogger("com.netflix.fenzo").setLevel(java.util.logging.Level.INFO);
        Map<String, String> rackOf = new HashMap<>();
        Map<String, double[]> totals = new HashMap<>();
        Map<String, double[]> used = new HashMap<>();
        List<VirtualMachineLease> leases = new ArrayList<>();
        AtomicInteger leaseIds = new AtomicInteger();
        for (Scenario.Agent a : s.agents) {
            rackOf.put(a.id(), a.rack());
            double[] t = {a.total().cpus(), a.total().memMb(), a.total().diskMb()};
            totals.put(a.id(), t);
            used.put(a.id(), new double[3]);
            leases.add(new Lease("l" + leaseIds.incrementAndGet(), a.id(), t[0], t[1], t[2], rackOf));
        }
        Map<String, Map<String, Integer>> jobPerRack = new HashMap<>();
        TaskScheduler scheduler = new TaskScheduler.Builder()
                .withLeaseOfferExpirySecs(1_000_000)
                .withLeaseRejectAction(l -> { })
                .withFitnessCalculator(BinPackingFitnessCalculators.cpuMemBinPacker)
                .withFitnessGoodEnoughFunction(f -> f > GOOD_ENOUGH)
                .disableShortfallEvaluation()
                .build();
        List<Scenario.Task> slice = s.tasks.subList(0, Math.min(taskLimit, s.tasks.size()));
        // UNIQUE counts every task of the job, as Kairos' JobSpread does
        Map<String, Set<String>> tasksOfJob = new HashMap<>();
        for (Scenario.Task t : slice) {
            tasksOfJob.computeIfAbsent(t.job(), k -> new HashSet<>()).add("t" + t.id());
        }
        List<Double> callMs = new ArrayList<>();
        long placed = 0;
        // the 100,000 tasks were all built just now; a running leader holds its queue as old data, so let
        // them settle before the clock starts instead of being copied by the first collections inside it
        System.gc();
        long start = System.nanoTime();
        for (int from = 0; from < slice.size(); from += BATCH) {
            List<Request> batch = new ArrayList<>();
            for (Scenario.Task t : slice.subList(from, Math.min(from + BATCH, slice.size()))) {
                batch.add(new Request(t, evaluators(t, rackOf, jobPerRack, tasksOfJob)));
            }
            long c0 = System.nanoTime();
            SchedulingResult result = scheduler.scheduleOnce(batch, leases);
            leases = new ArrayList<>();
            for (VMAssignmentResult vm : result.getResultMap().values()) {
                String host = vm.getHostname();
                double[] u = used.get(host);
                for (TaskAssignmentResult r : vm.getTasksAssigned()) {
                    scheduler.getTaskAssigner().call(r.getRequest(), host);
                    u[0] += r.getRequest().getCPUs();
                    u[1] += r.getRequest().getMemory();
                    u[2] += r.getRequest().getDisk();
                    placed++;
                    Scenario.Task t = ((Request) r.getRequest()).task;
                    jobPerRack.computeIfAbsent(t.job(), k -> new HashMap<>()).merge(rackOf.get(host), 1, Integer::sum);
                }
                double[] t = totals.get(host);
                if (t[0] - u[0] > 1e-9 && t[1] - u[1] > 0) {
                    leases.add(new Lease("l" + leaseIds.incrementAndGet(), host, t[0] - u[0], t[1] - u[1], t[2] - u[2], rackOf));
                }
            }
            callMs.add((System.nanoTime() - c0) / 1e6);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        scheduler.shutdown();
        return new Result(placed, slice.size(), seconds, callMs);
    }

    private static List<ConstraintEvaluator> evaluators(Scenario.Task t, Map<String, String> rackOf,
                                                        Map<String, Map<String, Integer>> jobPerRack,
                                                        Map<String, Set<String>> tasksOfJob) {
        List<ConstraintEvaluator> out = new ArrayList<>();
        for (Constraint c : t.constraints()) {
            switch (c.operator()) {
                case EQUALS -> out.add(new HostAttrValueConstraint(c.field(), taskId -> c.value()));
                case UNIQUE -> {
                    Set<String> coTasks = tasksOfJob.get(t.job());
                    out.add(new UniqueHostAttrConstraint(taskId -> coTasks));
                }
                // no Fenzo plugin for "at most n per rack"; counts tasks placed in earlier calls
                case MAX_PER -> {
                    int max = Integer.parseInt(c.value());
                    out.add(evaluator("max-per-rack", (req, vm) -> jobPerRack.getOrDefault(req.taskGroupName(), Map.of())
                            .getOrDefault(rackOf.get(vm.getHostname()), 0) < max));
                }
                default -> throw new IllegalArgumentException(c.toString());
            }
        }
        return out;
    }

    interface Check {
        boolean ok(TaskRequest req, VirtualMachineCurrentState vm);
    }

    private static ConstraintEvaluator evaluator(String name, Check check) {
        return new ConstraintEvaluator() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public Result evaluate(TaskRequest req, VirtualMachineCurrentState vm, TaskTrackerState state) {
                return check.ok(req, vm) ? new Result(true, "") : new Result(false, name);
            }
        };
    }

    static final class Request implements TaskRequest {
        final Scenario.Task task;
        final List<ConstraintEvaluator> hard;
        /** Built once: Fenzo asks for the id for every host it tries. */
        private final String id;
        private AssignedResources assigned;

        Request(Scenario.Task task, List<ConstraintEvaluator> hard) {
            this.task = task;
            this.hard = hard;
            this.id = "t" + task.id();
        }

        @Override public String getId() { return id; }
        @Override public String taskGroupName() { return task.job(); }
        @Override public double getCPUs() { return task.needs().cpus(); }
        @Override public double getMemory() { return task.needs().memMb(); }
        @Override public double getNetworkMbps() { return 0; }
        @Override public double getDisk() { return task.needs().diskMb(); }
        @Override public int getPorts() { return 0; }
        @Override public Map<String, Double> getScalarRequests() { return java.util.Collections.emptyMap(); }
        @Override public Map<String, NamedResourceSetRequest> getCustomNamedResources() { return java.util.Collections.emptyMap(); }
        @Override public List<? extends ConstraintEvaluator> getHardConstraints() { return hard; }
        @Override public List<? extends VMTaskFitnessCalculator> getSoftConstraints() { return List.of(); }
        @Override public void setAssignedResources(AssignedResources r) { assigned = r; }
        @Override public AssignedResources getAssignedResources() { return assigned; }
    }

    static final class Lease implements VirtualMachineLease {
        private final String id;
        private final String host;
        private final double cpus;
        private final double mem;
        private final double disk;
        private final long offeredAt = System.currentTimeMillis();
        private final Map<String, Protos.Attribute> attributes;

        Lease(String id, String host, double cpus, double mem, double disk, Map<String, String> rackOf) {
            this.id = id;
            this.host = host;
            this.cpus = cpus;
            this.mem = mem;
            this.disk = disk;
            this.attributes = java.util.Collections.singletonMap("rack", Protos.Attribute.newBuilder().setName("rack").setType(Protos.Value.Type.TEXT)
                    .setText(Protos.Value.Text.newBuilder().setValue(rackOf.get(host))).build());
        }

        @Override public String getId() { return id; }
        @Override public long getOfferedTime() { return offeredAt; }
        @Override public String hostname() { return host; }
        @Override public String getVMID() { return host; }
        @Override public double cpuCores() { return cpus; }
        @Override public double memoryMB() { return mem; }
        @Override public double networkMbps() { return 0; }
        @Override public double diskMB() { return disk; }
        @Override public List<Range> portRanges() { return List.of(new Range(31000, 31999)); }
        @Override public Protos.Offer getOffer() { return null; }
        @Override public Map<String, Protos.Attribute> getAttributeMap() { return attributes; }
        @Override public Double getScalarValue(String name) { return null; }
        @Override public Map<String, Double> getScalarValues() { return java.util.Collections.emptyMap(); }
    }
}
