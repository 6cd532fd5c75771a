package io.kairos.bench;

import io.kairos.allocator.AgentId;
import io.kairos.allocator.Allocation;
import io.kairos.allocator.Allocator;
import io.kairos.allocator.FrameworkId;
import io.kairos.allocator.OfferId;
import io.kairos.allocator.Placer;
import io.kairos.allocator.Resources;
import io.kairos.allocator.Role;
import io.kairos.framework.BatchFramework;
import io.kairos.framework.Preemption;
import io.kairos.framework.placement.Constraint;
import io.kairos.framework.placement.Placement;
import io.kairos.task.TaskId;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The utilisation study of issue 12: the same synthetic day through the real allocator and level-two placer, on (a) a
 * pool split statically between services and batch and (b) one mixed pool where batch is revocable and services take
 * their quota back by preemption ({@link Preemption}, the dispatcher's own choice). Minute steps; services follow a
 * diurnal curve with headroom, batch arrives in bursts, a tenth of its jobs are Spark-sized gangs of executors.
 * Writes target/bench/utilisation.md and target/bench/utilisation.png.
 */
public final class UtilisationStudy {

    static final int AGENTS = 40;
    static final double AGENT_CPUS = 16;
    static final long MB_PER_CPU = 4096;
    static final int DAY = 24 * 60;
    static final int SERVICES = 12;
    static final double INSTANCE_CPUS = 2;
    /** A static split sizes the services' side for their peak and this much headroom. */
    static final double HEADROOM = 0.2;
    /** Batch arrives until 20:00; how long its backlog takes to clear is the makespan. */
    static final int BATCH_UNTIL = 20 * 60;

    record BatchTask(int id, int job, double cpus, int minutes, int arrival) {
    }

    record Workload(List<int[]> serviceInstances, List<BatchTask> batch, int peakServiceCpus) {
    }

    /** The day: per minute each service's instance count; the batch tasks with their arrival minutes. */
    static Workload workload(long seed) {
        Random r = new Random(seed);
        List<int[]> services = new ArrayList<>();
        int peak = 0;
        int[] base = new int[SERVICES];
        for (int s = 0; s < SERVICES; s++) {
            base[s] = 6 + r.nextInt(10);
        }
        for (int t = 0; t < DAY; t++) {
            // low at 04:00, high at 16:00
            double day = 0.55 + 0.45 * Math.sin((t / 60.0 - 10) / 24 * 2 * Math.PI);
            int[] n = new int[SERVICES];
            int cpus = 0;
            for (int s = 0; s < SERVICES; s++) {
                n[s] = Math.max(1, (int) Math.round(base[s] * day));
                cpus += n[s] * INSTANCE_CPUS;
            }
            peak = Math.max(peak, cpus);
            services.add(n);
        }
        List<BatchTask> batch = new ArrayList<>();
        int job = 0;
        int id = 0;
        for (int t = 0; t < BATCH_UNTIL; t++) {
            double hour = t / 60.0;
            // a steady trickle, and bursts at 01:00 (the nightly ETL), 10:00 and 14:00 (as services climb to their peak)
            double rate = 1.1 + (burst(hour, 1) * 14) + (burst(hour, 10) * 7) + (burst(hour, 14) * 8);
            int jobs = poisson(r, rate);
            for (int j = 0; j < jobs; j++) {
                boolean gang = r.nextDouble() < 0.1;
                int tasks = gang ? 8 + r.nextInt(9) : 1;
                double cpus = gang ? 2 : 1 + r.nextInt(4);
                int minutes = (int) Math.max(2, Math.round(Math.exp(r.nextGaussian() * 0.7 + Math.log(gang ? 25 : 15))));
                for (int k = 0; k < tasks; k++) {
                    batch.add(new BatchTask(id++, job, cpus, minutes, t));
                }
                job++;
            }
        }
        return new Workload(services, batch, peak);
    }

    private static double burst(double hour, double at) {
        double d = hour - at;
        return d >= 0 && d < 1.5 ? 1 : 0;
    }

    private static int poisson(Random r, double lambda) {
        double l = Math.exp(-lambda);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    /** What one configuration did. */
    record Outcome(String name, double[] utilisation, double meanUtil, double p95Util, double utilWhileWaiting,
                   int batchMakespanMinutes, double p95QueueMinutes, int preemptions, double cpuMinutesLost, int serviceShortMinutes) {
    }

    /** A running task: its key, agent, resources, start, and (batch) the task. */
    private record Running(long key, AgentId agent, Resources resources, int start, BatchTask task, int service) {
    }

    static Outcome run(String name, Workload w, boolean mixed) {
        Allocator a = new Allocator(Duration.ofSeconds(30));
        Resources agentTotal = new Resources(AGENT_CPUS, (long) (AGENT_CPUS * MB_PER_CPU), 0);
        int serviceAgents = (int) Math.ceil(w.peakServiceCpus() * (1 + HEADROOM) / AGENT_CPUS);
        for (int i = 0; i < AGENTS; i++) {
            String pool = i < serviceAgents ? "services" : "batch";
            a.addAgent(new AgentId("a" + i), "a" + i, agentTotal, mixed ? Map.of() : Map.of("pool", pool));
            a.undrain(new AgentId("a" + i));
        }
        Resources quota = mixed ? new Resources(w.peakServiceCpus(), (long) (w.peakServiceCpus() * MB_PER_CPU), 0) : Resources.NONE;
        a.putRole(new Role("services", 1, quota, null));
        a.putRole(new Role("batch", 1, Resources.NONE, null));
        FrameworkId sf = new FrameworkId("service:services");
        FrameworkId bf = new FrameworkId("batch:batch");
        a.addFramework(sf, "services");
        a.addFramework(bf, "batch");
        BatchFramework services = new BatchFramework(sf, Duration.ZERO);
        BatchFramework batch = new BatchFramework(bf, Duration.ZERO);
        List<Constraint> onServicePool = mixed ? List.of() : Constraint.parse(List.of(List.of("pool", "EQUALS", "services")));
        List<Constraint> onBatchPool = mixed ? List.of() : Constraint.parse(List.of(List.of("pool", "EQUALS", "batch")));

        Map<Long, Running> running = new LinkedHashMap<>();
        Deque<BatchTask> queue = new ArrayDeque<>();
        Map<Integer, Integer> queuedAt = new HashMap<>();
        List<Double> queueDelays = new ArrayList<>();
        List<Double> util = new ArrayList<>();
        List<Double> whileWaiting = new ArrayList<>();
        int nextArrival = 0;
        int preemptions = 0;
        double lost = 0;
        int serviceShort = 0;
        int lastBatchEnd = 0;
        long nextKey = 1;
        int doneTasks = 0;
        List<BatchTask> all = w.batch();
        Instant t0 = Instant.parse("2026-12-03T00:00:00Z");
        for (int t = 0; t < DAY * 3 && (t < DAY || doneTasks < all.size()); t++) {
            Instant now = t0.plusSeconds(60L * t);
            // ends
            for (var it = running.values().iterator(); it.hasNext(); ) {
                Running r = it.next();
                if (r.task() != null && t - r.start() >= r.task().minutes()) {
                    a.release(bf, r.agent(), r.resources());
                    it.remove();
                    doneTasks++;
                    lastBatchEnd = t;
                }
            }
            while (nextArrival < all.size() && all.get(nextArrival).arrival() <= t) {
                BatchTask b = all.get(nextArrival++);
                queue.add(b);
                queuedAt.put(b.id(), t);
            }
            // services: scale to the day's curve (the youngest instances go first)
            int[] want = w.serviceInstances().get(t % DAY);
            int[] have = new int[SERVICES];
            List<Running> instances = running.values().stream().filter(r -> r.task() == null).toList();
            instances.forEach(r -> have[r.service()]++);
            for (int s = 0; s < SERVICES; s++) {
                int surplus = have[s] - want[s];
                if (surplus > 0) {
                    int svc = s;
                    List<Running> mine = new ArrayList<>(instances.stream().filter(r -> r.service() == svc).toList());
                    mine.sort((x, y) -> Integer.compare(y.start(), x.start()));
                    for (int k = 0; k < surplus; k++) {
                        a.release(sf, mine.get(k).agent(), mine.get(k).resources());
                        running.remove(mine.get(k).key());
                    }
                }
            }
            Resources instance = new Resources(INSTANCE_CPUS, (long) (INSTANCE_CPUS * MB_PER_CPU), 0);
            List<BatchFramework.Task> serviceTasks = new ArrayList<>();
            Map<Long, Integer> serviceOf = new HashMap<>();
            for (int s = 0; s < SERVICES; s++) {
                for (int k = have[s]; k < want[s]; k++) {
                    long key = nextKey++;
                    serviceOf.put(key, s);
                    serviceTasks.add(new BatchFramework.Task(key, "svc" + s, instance, 0, onServicePool, Placement.SPREAD));
                }
            }
            List<BatchFramework.Task> batchTasks = new ArrayList<>();
            Map<Long, BatchTask> batchOf = new HashMap<>();
            int window = 0;
            for (BatchTask b : queue) {
                if (window++ == 2000) {
                    break;
                }
                long key = nextKey++;
                batchOf.put(key, b);
                batchTasks.add(new BatchFramework.Task(key, "job" + b.job(), new Resources(b.cpus(), (long) (b.cpus() * MB_PER_CPU), 0), 0,
                        onBatchPool, Placement.BIN_PACK, mixed));
            }
            Map<FrameworkId, Placer> placers = new LinkedHashMap<>();
            BatchFramework.Round sr = services.round(serviceTasks, List.of());
            BatchFramework.Round br = batch.round(batchTasks, List.of());
            placers.put(sf, sr);
            placers.put(bf, br);
            Allocation allocation = a.allocate(now, placers);
            List<Long> placedServices = new ArrayList<>();
            for (BatchFramework.Round round : List.of(sr, br)) {
                BatchFramework.Decision d = round.decision(allocation);
                for (Map.Entry<OfferId, Resources> u : d.used().entrySet()) {
                    a.accept(u.getKey(), u.getValue());
                }
                for (OfferId o : d.declined()) {
                    a.decline(o, Duration.ZERO, now);
                }
                for (BatchFramework.Launch l : d.launches()) {
                    if (serviceOf.containsKey(l.runId())) {
                        running.put(l.runId(), new Running(l.runId(), l.agent(), l.resources(), t, null, serviceOf.get(l.runId())));
                        placedServices.add(l.runId());
                    } else {
                        BatchTask b = batchOf.get(l.runId());
                        running.put(l.runId(), new Running(l.runId(), l.agent(), l.resources(), t, b, -1));
                        queue.remove(b);
                        queueDelays.add((double) (t - queuedAt.get(b.id())));
                    }
                }
            }
            // services short of their quota take it back from revocable batch, as the dispatcher does
            int unplaced = serviceTasks.size() - placedServices.size();
            for (int k = 0; mixed && k < unplaced && a.belowQuota("services"); k++) {
                List<Preemption.Candidate> candidates = running.values().stream().filter(r -> r.task() != null)
                        .map(r -> new Preemption.Candidate(new TaskId(r.key()), r.agent(), r.resources(), 0,
                                t0.plusSeconds(60L * r.start()), "job" + r.task().job())).toList();
                var choice = Preemption.choose(instance, 0, a.agents().stream().toList(), candidates);
                if (choice.isEmpty()) {
                    break;
                }
                for (Preemption.Candidate v : choice.get().victims()) {
                    Running r = running.remove(v.task().value());
                    a.release(bf, r.agent(), r.resources());
                    preemptions++;
                    lost += r.resources().cpus() * (t - r.start());
                    queue.addFirst(r.task());
                    queuedAt.put(r.task().id(), t);
                }
                a.allocate(sf, choice.get().agent(), instance);
                long key = nextKey++;
                running.put(key, new Running(key, choice.get().agent(), instance, t, null, firstShort(want, running)));
            }
            int stillShort = 0;
            int[] haveNow = new int[SERVICES];
            running.values().stream().filter(r -> r.task() == null).forEach(r -> haveNow[r.service()]++);
            for (int s = 0; s < SERVICES; s++) {
                stillShort += Math.max(0, want[s] - haveNow[s]);
            }
            if (stillShort > 0) {
                serviceShort++;
            }
            double used = running.values().stream().mapToDouble(r -> r.resources().cpus()).sum() / (AGENTS * AGENT_CPUS);
            if (t < DAY) {
                util.add(used);
            }
            if (!queue.isEmpty()) {
                whileWaiting.add(used);
            }
        }
        double[] u = util.stream().mapToDouble(Double::doubleValue).toArray();
        return new Outcome(name, u, mean(u), pct(util, 95),
                mean(whileWaiting.stream().mapToDouble(Double::doubleValue).toArray()), lastBatchEnd, pct(queueDelays, 95), preemptions, lost, serviceShort);
    }

    /** The service most short of instances, for an instance placed by preemption. */
    private static int firstShort(int[] want, Map<Long, Running> running) {
        int[] have = new int[SERVICES];
        running.values().stream().filter(r -> r.task() == null).forEach(r -> have[r.service()]++);
        int best = 0;
        for (int s = 0; s < SERVICES; s++) {
            if (want[s] - have[s] > want[best] - have[best]) {
                best = s;
            }
        }
        return best;
    }

    private static double mean(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return xs.length == 0 ? 0 : s / xs.length;
    }

    private static double pct(List<Double> xs, int p) {
        return AllocatorBench.pct(xs, p);
    }

    public static void main(String[] args) throws IOException {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 12;
        Workload w = workload(seed);
        long start = System.nanoTime();
        Outcome split = run("static split", w, false);
        Outcome mixed = run("one mixed pool, revocable batch", w, true);
        double seconds = (System.nanoTime() - start) / 1e9;
        String load = Files.exists(Path.of("/proc/loadavg")) ? Files.readString(Path.of("/proc/loadavg")).trim() : "n/a";
        int serviceAgents = (int) Math.ceil(w.peakServiceCpus() * (1 + HEADROOM) / AGENT_CPUS);
        StringBuilder md = new StringBuilder("# Utilisation: a static split against one mixed pool\n\n");
        md.append(String.format(Locale.ROOT, "The same synthetic day (seed %d): %d agents of %.0f cpus; %d services of %.0f-cpu instances on a "
                        + "diurnal curve peaking at %d cpus (the static split gives services %d agents: peak + %.0f%% headroom); %,d batch "
                        + "tasks arriving until 20:00 with bursts at 01:00, 10:00 and 14:00, a tenth of the jobs Spark-sized gangs of 8-16 executors. "
                        + "Both through Kairos' allocator and placer, one-minute steps; simulated in %.1f s (load average %s).%n%n",
                seed, AGENTS, AGENT_CPUS, SERVICES, INSTANCE_CPUS, w.peakServiceCpus(), serviceAgents, HEADROOM * 100, w.batch().size(),
                seconds, load));
        md.append("| pool | mean utilisation (the day) | p95 utilisation | mean utilisation while batch waits | batch makespan | p95 batch queueing delay | preemptions | work lost to preemption | minutes a service was short |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Outcome o : List.of(split, mixed)) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f%% | %.1f%% | %.1f%% | %d h %02d min | %.0f min | %d | %.0f cpu-min | %d |%n", o.name(),
                    o.meanUtil() * 100, o.p95Util() * 100, o.utilWhileWaiting() * 100, o.batchMakespanMinutes() / 60, o.batchMakespanMinutes() % 60,
                    o.p95QueueMinutes(), o.preemptions(), o.cpuMinutesLost(), o.serviceShortMinutes()));
        }
        Path dir = Path.of(System.getProperty("bench.out", "target/bench"));
        Files.createDirectories(dir);
        plot(dir.resolve("utilisation.png"), split, mixed);
        Files.writeString(dir.resolve("utilisation.md"), md);
        System.out.println(md);
    }

    private static void plot(Path file, Outcome a, Outcome b) throws IOException {
        int width = 900;
        int height = 360;
        int left = 60;
        int bottom = 40;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int plotW = width - left - 20;
        int plotH = height - bottom - 30;
        g.setColor(new Color(0xdddddd));
        for (int p = 0; p <= 100; p += 25) {
            int y = 30 + plotH - plotH * p / 100;
            g.drawLine(left, y, left + plotW, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(p + "%", 20, y + 4);
            g.setColor(new Color(0xdddddd));
        }
        g.setColor(Color.DARK_GRAY);
        for (int h = 0; h <= 24; h += 3) {
            int x = left + plotW * h / 24;
            g.drawString(String.format(Locale.ROOT, "%02d:00", h), x - 16, height - 15);
        }
        line(g, a.utilisation(), new Color(0xd95f02), left, plotW, plotH);
        line(g, b.utilisation(), new Color(0x1b9e77), left, plotW, plotH);
        g.setColor(new Color(0xd95f02));
        g.drawString("static split (mean " + String.format(Locale.ROOT, "%.0f%%", a.meanUtil() * 100) + ")", left + 10, 20);
        g.setColor(new Color(0x1b9e77));
        g.drawString("mixed pool, revocable batch (mean " + String.format(Locale.ROOT, "%.0f%%", b.meanUtil() * 100) + ")", left + 260, 20);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static void line(Graphics2D g, double[] u, Color c, int left, int plotW, int plotH) {
        g.setColor(c);
        g.setStroke(new BasicStroke(1.6f));
        for (int i = 1; i < u.length; i++) {
            int x1 = left + plotW * (i - 1) / u.length;
            int x2 = left + plotW * i / u.length;
            int y1 = 30 + plotH - (int) (plotH * u[i - 1]);
            int y2 = 30 + plotH - (int) (plotH * u[i]);
            g.drawLine(x1, y1, x2, y2);
        }
    }
}
