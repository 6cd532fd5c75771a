package io.kairos.framework;

import io.kairos.job.ConcurrencyPolicy;
import io.kairos.run.PendingRun;
import io.kairos.run.RunService;
import io.kairos.run.RunQueue;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which queued runs may be placed this cycle: a run past its starting deadline is skipped, the
 * jobs' concurrency policies and the backfills' maxParallel are applied (the rules themselves are
 * the pure {@link ConcurrencyGate} and {@link BackfillGate}); this class reads what they need and
 * carries out what they decide.
 */
@ApplicationScoped
public class Admission {

    private static final String BACKFILL = "BACKFILL";

    private final RunService runs;
    private final RunQueue runQueue;
    private final WaitingReasons reasons;

    Admission(RunService runs, RunQueue runQueue, WaitingReasons reasons) {
        this.runs = runs;
        this.runQueue = runQueue;
        this.reasons = reasons;
    }

    /** Applies the jobs' concurrency policies and the backfills' maxParallel: skips, stops replaced runs, holds what must wait. */
    public List<PendingRun> admit(List<PendingRun> pending, Instant now) {
        return throttleBackfills(applyConcurrencyPolicies(pending.stream().filter(p -> withinDeadline(p, now)).toList()));
    }

    private List<PendingRun> applyConcurrencyPolicies(List<PendingRun> queue) {
        if (queue.stream().allMatch(p -> p.job().concurrencyPolicy() == ConcurrencyPolicy.ALLOW)) {
            return queue;
        }
        Map<Long, List<Long>> going = runQueue.going(queue.stream().filter(p -> p.job().concurrencyPolicy() != ConcurrencyPolicy.ALLOW)
                .map(PendingRun::jobId).collect(java.util.stream.Collectors.toSet()));
        ConcurrencyGate.Gate gate = ConcurrencyGate.apply(queue.stream().map(p -> new ConcurrencyGate.Queued(p.runId(), p.jobId(),
                p.job().concurrencyPolicy(), asked(p))).toList(), going);
        gate.skipped().forEach((run, why) -> {
            runs.skip(run, why);
            reasons.forget(run);
        });
        gate.replace().forEach((old, by) -> runs.replace(old, by));
        gate.held().forEach(reasons::note);
        Set<Long> admitted = Set.copyOf(gate.admitted());
        return queue.stream().filter(p -> admitted.contains(p.runId())).toList();
    }

    /** Run-now and backfill runs were asked for by a person; a backfill's own limit is its maxParallel. */
    private static boolean asked(PendingRun p) {
        return "MANUAL".equals(p.trigger()) || BACKFILL.equals(p.trigger());
    }

    private List<PendingRun> throttleBackfills(List<PendingRun> queue) {
        List<BackfillGate.Queued> backfills = queue.stream().filter(p -> BACKFILL.equals(p.trigger()) && p.maxParallel() != null)
                .map(p -> new BackfillGate.Queued(p.runId(), p.jobId(), p.maxParallel())).toList();
        if (backfills.isEmpty()) {
            return queue;
        }
        BackfillGate.Gate gate = BackfillGate.apply(backfills,
                runQueue.goingBackfills(backfills.stream().map(BackfillGate.Queued::jobId).collect(java.util.stream.Collectors.toSet())));
        gate.held().forEach(reasons::note);
        Set<Long> held = gate.held().keySet();
        return queue.stream().filter(p -> !held.contains(p.runId())).toList();
    }

    private boolean withinDeadline(PendingRun p, Instant now) {
        Integer deadline = p.job().startingDeadlineSeconds();
        // a backfill's slots are past on purpose
        if (deadline == null || BACKFILL.equals(p.trigger()) || !now.isAfter(p.scheduledAt().plusSeconds(deadline))) {
            return true;
        }
        runs.skip(p.runId(), "not started within startingDeadlineSeconds=" + deadline + " of its slot " + p.scheduledAt());
        reasons.forget(p.runId());
        return false;
    }
}
