package io.kairos.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The benchmark's table, in Markdown (printed and written to firing.md). */
final class FiringReport {

    private FiringReport() {
    }

    static String render(BenchConfig config, String environment, KairosSide.Result kairos, List<QuartzPeer.Result> peers) {
        List<KairosSide.Round> measured = kairos.measured();
        Duration kairosAll = Lag.median(measured.stream().map(KairosSide.Round::allRecordedAfterSlot).toList());
        Duration kairosAllMax = Lag.of(measured.stream().map(KairosSide.Round::allRecordedAfterSlot).toList()).max();
        Lag kairosLag = Lag.of(measured.stream().flatMap(r -> r.runLags().stream()).toList());
        int kairosMissed = measured.stream().mapToInt(KairosSide.Round::missed).sum();
        int kairosDoubled = measured.stream().mapToInt(KairosSide.Round::doubled).sum();
        Duration sweep = Lag.median(measured.stream().map(KairosSide.Round::sweepTime).toList());
        StringBuilder md = new StringBuilder();
        md.append("# Firing benchmark: ").append(n(kairos.jobs())).append(" jobs due in the same second\n\n");
        md.append("Run ").append(Instant.now()).append("; ").append(environment).append(".\n");
        md.append("Both sides in the same run, on the same embedded PostgreSQL (fsync on); T is a whole second a few seconds ahead.\n\n");
        md.append("| side | configuration | all recorded after T | lag p50 / p99 | missed | doubled | later than misfireThreshold (60 s) | rate |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        md.append("| Kairos | SlotRecorder sweep loop as FiringTick drives it, batch 20,000; median of ").append(measured.size())
                .append(" rounds (max) | ").append(Lag.s(kairosAll)).append(" (max ").append(Lag.s(kairosAllMax)).append(") | ")
                .append(Lag.s(kairosLag.p50())).append(" / ").append(Lag.s(kairosLag.p99())).append(" | ")
                .append(kairosMissed).append(" | ").append(kairosDoubled).append(" | 0 | ")
                .append(rate(kairos.jobs(), sweep)).append(" runs/s in the sweep (").append(Lag.s(sweep)).append(") |\n");
        for (QuartzPeer.Result q : peers) {
            md.append("| Quartz 2.5.2 ").append(q.variant().name()).append(" | JobStoreTX clustered, ").append(q.variant().threads())
                    .append(" threads, batchTriggerAcquisitionMaxCount ").append(q.variant().batchMax()).append(", one SimpleTrigger per job | ")
                    .append(q.allRecordedAfterSlot() == null ? "not within " + Lag.s(config.quartzBound()) : Lag.s(q.allRecordedAfterSlot()))
                    .append(" | ").append(Lag.s(q.fireLag().p50())).append(" / ").append(Lag.s(q.fireLag().p99())).append(" | ")
                    .append(q.missing()).append(" | ").append(q.doubled()).append(" | ").append(q.beyondThreshold())
                    .append(" (").append(q.misfireHandled()).append(" fired by misfire handling) | ")
                    .append(String.format(Locale.ROOT, "%.0f", q.firesPerSecond())).append(" fires/s |\n");
        }
        md.append('\n');
        for (QuartzPeer.Result q : peers) {
            md.append("- Ratio, Quartz ").append(q.variant().name()).append(" ÷ Kairos (time until all recorded): ")
                    .append(ratio(q, kairosAll, config)).append('\n');
        }
        md.append("- Kairos aim, all ").append(n(kairos.jobs())).append(" within 1 s: ")
                .append(kairosAllMax != null && kairosAllMax.compareTo(Duration.ofSeconds(1)) <= 0 && kairosMissed == 0 && kairosDoubled == 0
                        ? "met in every round" : "NOT met").append('\n');
        for (KairosSide.Round r : kairos.rounds()) {
            if (r.schedulers() > 1) {
                md.append("- ").append(r.schedulers()).append(" Kairos schedulers sweeping together (round ").append(r.number())
                        .append("): all recorded ").append(Lag.s(r.allRecordedAfterSlot())).append(" after T, missed ")
                        .append(r.missed()).append(", doubled ").append(r.doubled()).append("; sweeps that found work: ").append(r.sweeps())
                        .append(", that found none: ").append(r.emptySweeps()).append('\n');
            }
        }
        md.append("- Missed: Kairos, jobs with no pending run for T; Quartz, jobs with no fire within ")
                .append(Lag.s(config.quartzBound())).append(" of T. Quartz fires later than misfireThreshold are its misfires.\n\n");
        md.append("## Kairos rounds\n\n");
        md.append("| round | schedulers | first sweep after T | all recorded after T | sweeps (empty) | time in sweeps | one run each | missed | doubled |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (KairosSide.Round r : kairos.rounds()) {
            md.append("| ").append(r.number()).append(r.warmUp() ? " (warm-up, not counted)" : r.schedulers() > 1 ? " (not counted)" : "")
                    .append(" | ").append(r.schedulers()).append(" | ").append(Lag.s(r.firstSweepAfterSlot())).append(" | ").append(Lag.s(r.allRecordedAfterSlot())).append(" | ")
                    .append(r.sweeps()).append(" (").append(r.emptySweeps()).append(") | ").append(Lag.s(r.sweepTime())).append(" | ")
                    .append(n(r.jobsWithOneRun())).append(" | ").append(r.missed()).append(" | ").append(r.doubled()).append(" |\n");
        }
        if (!peers.isEmpty()) {
            md.append("\n## Quartz runs\n\n| variant | store jobs + triggers | fired | lag p50 / p99 / max |\n| --- | --- | --- | --- |\n");
            for (QuartzPeer.Result q : peers) {
                md.append("| ").append(q.variant().name()).append(" | ").append(Lag.s(q.load())).append(" | ").append(n(q.jobsFired()))
                        .append(" | ").append(Lag.s(q.fireLag().p50())).append(" / ").append(Lag.s(q.fireLag().p99()))
                        .append(" / ").append(Lag.s(q.fireLag().max())).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String ratio(QuartzPeer.Result q, Duration kairos, BenchConfig config) {
        if (kairos == null || kairos.isZero()) {
            return "—";
        }
        Duration quartz = q.allRecordedAfterSlot();
        String prefix = "";
        if (quartz == null) {
            // not all fired within the bound: the bound is a lower limit of Quartz's time
            quartz = config.quartzBound();
            prefix = "> ";
        }
        return prefix + String.format(Locale.ROOT, "%.0f×", quartz.toNanos() / (double) kairos.toNanos())
                + " (" + prefix + Lag.s(quartz) + " vs " + Lag.s(kairos) + ")";
    }

    private static String rate(int runs, Duration d) {
        return d == null || d.isZero() ? "—" : String.format(Locale.ROOT, "%.0f", runs / (d.toNanos() / 1e9));
    }

    private static String n(int v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
