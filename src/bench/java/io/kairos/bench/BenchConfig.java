package io.kairos.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What the firing benchmark does, from system properties (the {@code bench} Maven profile passes
 * them on): {@code bench.jobs}, {@code bench.rounds}, {@code bench.quartz.variants} (comma list of
 * {@code default}, {@code tuned}; empty = Kairos only), {@code bench.quartz.bound} (ISO-8601
 * duration: how long after the slot Quartz may take before the missing rows count as missed),
 * {@code bench.out} (directory of firing.md).
 */
record BenchConfig(int jobs, int rounds, List<QuartzVariant> quartzVariants, Duration quartzBound, Path outDir) {

    static BenchConfig fromSystemProperties() {
        int jobs = Integer.getInteger("bench.jobs", 10_000);
        int rounds = Integer.getInteger("bench.rounds", 5);
        List<QuartzVariant> variants = Arrays.stream(System.getProperty("bench.quartz.variants", "default,tuned").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).map(QuartzVariant::named).toList();
        Duration bound = Duration.parse(System.getProperty("bench.quartz.bound", "PT150S"));
        Path out = Path.of(System.getProperty("bench.out", "target/bench"));
        return new BenchConfig(jobs, rounds, variants, bound, out);
    }
}
