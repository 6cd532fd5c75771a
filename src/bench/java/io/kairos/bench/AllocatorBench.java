package io.kairos.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The allocator simulator and benchmark: one synthetic pool and demand, through Kairos (weighted
 * DRF, constraints, bin-packing) and through Fenzo, in the same JVM. Writes target/bench/allocator.md.
 * Arguments: agents, tasks, Fenzo task limit (defaults 10000 100000 10000).
 */
public final class AllocatorBench {

    public static void main(String[] args) throws IOException {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int fenzoLimit = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;

        // warm-up on a small copy so the JIT has compiled the hot paths before we measure
        KairosRun.run(new Scenario(1_000, 20_000, 7));
        KairosRun.Result k = KairosRun.run(new Scenario(agents, tasks, 42));
        FenzoRun.run(new Scenario(500, 1_000, 7), 1_000);
        FenzoRun.Result f = FenzoRun.run(new Scenario(agents, tasks, 42), fenzoLimit);

        double kRate = k.placed() / k.seconds();
        double fRate = f.placed() / f.seconds();
        StringBuilder md = new StringBuilder();
        md.append("# Allocator benchmark\n\n");
        md.append(String.format(Locale.ROOT, "Scenario: %,d agents on %d racks (8/16/32/48 cpus, 4 GiB per cpu), %,d tasks in %d frameworks "
                        + "over %d roles (weights 2/1/1), 10%% rack EQUALS, 5%% hostname UNIQUE, 5%% rack MAX_PER 20, bin-packing. "
                        + "Java %s, %d cpus available.%n%n",
                agents, Scenario.RACKS.length, tasks, Scenario.FRAMEWORKS.length, Scenario.ROLES.length,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors()));
        md.append("| scheduler | tasks offered | placed | wall s | placements/s | cycle or call median ms | p99 ms | cycles |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        md.append(String.format(Locale.ROOT, "| Kairos (DRF + constraints + bin-pack, %d-task window per framework per cycle) | %,d | %,d | %.2f | %,.0f | %.1f | %.1f | %d |%n",
                KairosRun.WINDOW, tasks, k.placed(), k.seconds(), kRate, pct(k.cycleMs(), 50), pct(k.cycleMs(), 99), k.cycles()));
        md.append(String.format(Locale.ROOT, "| Fenzo 0.13.8 (%s; %d tasks per scheduleOnce; first %,d tasks only) | %,d | %,d | %.2f | %,.0f | %.1f | %.1f | %d |%n",
                FenzoRun.SETTINGS, FenzoRun.BATCH, f.attempted(), f.attempted(), f.placed(), f.seconds(), fRate, pct(f.callMs(), 50), pct(f.callMs(), 99), f.callMs().size()));
        md.append("\nEach side runs once on a smaller copy first (JIT warm-up), then once measured, with the heap collected "
                + "before the clock starts. Kairos' cycle time covers allocate, the framework's decision, accept and the queue "
                + "bookkeeping; Fenzo's is one scheduleOnce. One run each on a shared machine: compare within a run, not across runs.\n");
        md.append(String.format(Locale.ROOT, "%nKairos / Fenzo placements per second: **%.0fx**%n", kRate / fRate));
        md.append("\nKairos role shares at the end (weighted dominant share): ").append(k.sharesByRole()).append('\n');
        Path out = Path.of("target", "bench", "allocator.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        System.out.println(md);
    }

    /** The {@code p}th percentile (nearest rank) of {@code xs}; 0 for none. */
    static double pct(List<Double> xs, int p) {
        if (xs.isEmpty()) {
            return 0;
        }
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
    }
}
