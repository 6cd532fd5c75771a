package io.kairos.framework;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds a job's BACKFILL runs while {@code maxParallel} of them are staging or running (issue #5),
 * so a backfill of months of slots does not take a cluster. Pure: the queued backfill runs (oldest
 * first) and the ones going in, decisions out. Each run carries the limit of the request that made
 * it; the count is over all of the job's backfill runs.
 */
public final class BackfillGate {

    /** A queued BACKFILL run; {@code maxParallel} >= 1. */
    public record Queued(long runId, long jobId, int maxParallel) {
    }

    /** admitted: may be placed now; held: run id to why it waits. */
    public record Gate(List<Long> admitted, Map<Long, String> held) {
    }

    private BackfillGate() {
    }

    /** @param goingByJob backfill runs of each job STAGING or RUNNING now */
    public static Gate apply(List<Queued> queue, Map<Long, Integer> goingByJob) {
        Map<Long, Integer> taken = new HashMap<>(goingByJob);
        List<Long> admitted = new ArrayList<>();
        Map<Long, String> held = new LinkedHashMap<>();
        for (Queued q : queue) {
            int going = taken.getOrDefault(q.jobId(), 0);
            if (going < q.maxParallel()) {
                admitted.add(q.runId());
                taken.put(q.jobId(), going + 1);
            } else {
                held.put(q.runId(), "backfill: maxParallel=" + q.maxParallel() + " reached");
            }
        }
        return new Gate(admitted, held);
    }
}
