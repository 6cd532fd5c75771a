package io.kairos.framework;

import io.kairos.allocator.AgentId;
import io.kairos.allocator.Offer;
import io.kairos.allocator.OfferId;
import io.kairos.allocator.Resources;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Level two for batch runs: given offers and the queue, decide which run goes where. Pure: no I/O,
 * the caller stages and launches. Runs are taken oldest first; each goes to the offer that fits it
 * with the least cpu left over (best-fit bin-packing), which keeps whole agents free for large runs.
 */
public final class BatchFramework {

    /** One queued task as the framework sees it. */
    public record Task(long runId, Resources needs) {
    }

    public record Launch(long runId, OfferId offer, AgentId agent, Resources resources) {
    }

    /** What to launch, what each offer gave, and why each left-over task waits. */
    public record Decision(List<Launch> launches, Map<OfferId, Resources> used, Map<Long, String> waiting) {
    }

    public Decision place(List<Offer> offers, List<Task> queue) {
        Map<OfferId, Resources> left = new LinkedHashMap<>();
        Map<OfferId, Offer> byId = new LinkedHashMap<>();
        for (Offer o : offers) {
            left.put(o.id(), o.resources());
            byId.put(o.id(), o);
        }
        Map<OfferId, Resources> used = new LinkedHashMap<>();
        List<Launch> launches = new ArrayList<>();
        Map<Long, String> waiting = new LinkedHashMap<>();
        for (Task t : queue) {
            OfferId best = null;
            for (var e : left.entrySet()) {
                if (e.getValue().fits(t.needs()) && (best == null || e.getValue().cpus() < left.get(best).cpus())) {
                    best = e.getKey();
                }
            }
            if (best == null) {
                waiting.put(t.runId(), whyWaiting(t.needs(), offers, left));
                continue;
            }
            left.put(best, left.get(best).minus(t.needs()));
            used.merge(best, t.needs(), Resources::plus);
            launches.add(new Launch(t.runId(), best, byId.get(best).agent(), t.needs()));
        }
        return new Decision(launches, used, waiting);
    }

    static String whyWaiting(Resources needs, List<Offer> offers, Map<OfferId, Resources> left) {
        if (offers.isEmpty()) {
            return "waiting for free resources: no agent has any free now";
        }
        Resources largest = left.values().stream().max((a, b) -> Double.compare(a.cpus(), b.cpus())).orElse(Resources.NONE);
        Resources mostMem = left.values().stream().max((a, b) -> Long.compare(a.memMb(), b.memMb())).orElse(Resources.NONE);
        if (largest.cpus() + 1e-9 < needs.cpus()) {
            return String.format(Locale.ROOT, "needs %.2f cpus; largest free agent has %.2f", needs.cpus(), largest.cpus());
        }
        if (mostMem.memMb() < needs.memMb()) {
            return String.format(Locale.ROOT, "needs %d MiB memory; largest free agent has %d MiB", needs.memMb(), mostMem.memMb());
        }
        return "needs " + needs + "; no single agent has all of it free";
    }
}
