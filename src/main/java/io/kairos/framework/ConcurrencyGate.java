package io.kairos.framework;

import io.kairos.job.ConcurrencyPolicy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies each job's concurrencyPolicy to the queue before placement. Pure: the queue and the runs
 * already going in, decisions out. Run-now requests (manual) are let through: a person asked for them.
 * <ul>
 * <li>FORBID: a run whose job already has one going (or an older one admitted in this queue) is skipped;</li>
 * <li>REPLACE: the runs going are stopped and the newest queued run waits until they are gone; older
 * queued runs of the job are skipped as superseded.</li>
 * </ul>
 */
public final class ConcurrencyGate {

    /** A queued run as the gate sees it. */
    public record Queued(long runId, long jobId, ConcurrencyPolicy policy, boolean manual) {
    }

    /** admitted: may be placed now; skipped: run id to reason; replace: going run to the run replacing it; held: waits, with why. */
    public record Gate(List<Long> admitted, Map<Long, String> skipped, Map<Long, Long> replace, Map<Long, String> held) {
    }

    private ConcurrencyGate() {
    }

    public static Gate apply(List<Queued> queue, Map<Long, List<Long>> goingByJob) {
        List<Long> admitted = new ArrayList<>();
        Map<Long, String> skipped = new LinkedHashMap<>();
        Map<Long, Long> replace = new LinkedHashMap<>();
        Map<Long, String> held = new LinkedHashMap<>();
        Map<Long, Long> newestReplace = new HashMap<>();
        for (Queued q : queue) {
            if (q.policy() == ConcurrencyPolicy.REPLACE && !q.manual()) {
                newestReplace.merge(q.jobId(), q.runId(), Math::max);
            }
        }
        Set<Long> forbidTaken = new HashSet<>();
        for (Queued q : queue) {
            List<Long> going = goingByJob.getOrDefault(q.jobId(), List.of());
            if (q.manual() || q.policy() == ConcurrencyPolicy.ALLOW) {
                admitted.add(q.runId());
            } else if (q.policy() == ConcurrencyPolicy.FORBID) {
                if (!going.isEmpty()) {
                    skipped.put(q.runId(), "concurrencyPolicy=FORBID: run " + going.get(0) + " of this job is still going");
                } else if (!forbidTaken.add(q.jobId())) {
                    skipped.put(q.runId(), "concurrencyPolicy=FORBID: an earlier run of this job starts now");
                } else {
                    admitted.add(q.runId());
                }
            } else if (newestReplace.get(q.jobId()) != q.runId()) {
                skipped.put(q.runId(), "concurrencyPolicy=REPLACE: superseded by run " + newestReplace.get(q.jobId()));
            } else if (!going.isEmpty()) {
                going.forEach(g -> replace.put(g, q.runId()));
                held.put(q.runId(), "concurrencyPolicy=REPLACE: waiting for run " + going.get(0) + " to stop");
            } else {
                admitted.add(q.runId());
            }
        }
        return new Gate(admitted, skipped, replace, held);
    }
}
