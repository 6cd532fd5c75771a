package io.kairos.framework;

import io.kairos.run.RunService;
import io.kairos.task.TaskId;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Carries out preemption for the allocation loop ({@link Dispatcher}): it hands the cycle's unplaced tasks and the
 * revocable tasks placed to {@link Preemption}, which decides, and preempts the victims. One preemption at a time: the
 * next waits until the victims have ended (or {@link #PATIENCE} passed), so that what they free is counted before
 * more is taken.
 */
@ApplicationScoped
public class Preemptor {

    private static final Logger LOG = Logger.getLogger(Preemptor.class);
    /** How long a preemption may take (its victims' grace, and then some) before the next may be made. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Pool pool;
    private final RunService runs;
    /** Revocable tasks preempted and not yet ended, with when. */
    private final Map<TaskId, Instant> preempting = new ConcurrentHashMap<>();

    Preemptor(Pool pool, RunService runs) {
        this.pool = pool;
        this.runs = runs;
    }

    /**
     * Takes resources back from revocable tasks for the first of {@code unplaced} owed its role's quota, unless a
     * preemption is still under way. Call from the allocation cycle, after its launches were decided.
     */
    void preemptFor(List<Preemption.Claimant> unplaced, Instant now) {
        preempting.values().removeIf(at -> at.plus(PATIENCE).isBefore(now));
        if (!preempting.isEmpty() || unplaced.isEmpty()) {
            return;
        }
        List<Preemption.Candidate> candidates = new ArrayList<>();
        pool.placed().forEach((task, p) -> {
            if (p.revocable()) {
                candidates.add(new Preemption.Candidate(task, p.agent(), p.resources(), p.priority(), p.since(), p.job()));
            }
        });
        if (candidates.isEmpty()) {
            return;
        }
        Optional<Preemption.Preempt> preempt = Preemption.first(unplaced, role -> pool.withAllocator(a -> a.belowQuota(role)),
                pool.agentViews(), candidates);
        preempt.ifPresent(p -> {
            String why = p.reason();
            for (Preemption.Candidate v : p.choice().victims()) {
                preempting.put(v.task(), now);
                LOG.infof("task %s of job %s %s", v.task(), v.job(), why);
                runs.preempt(v.task(), why);
            }
        });
    }

    /** The task ended: a preemption waiting for it is over. */
    void ended(TaskId task) {
        preempting.remove(task);
    }

    /** Leadership changed: preemptions under way are another leader's business, or will be looked at anew. */
    void forget() {
        preempting.clear();
    }
}
