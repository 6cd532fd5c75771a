package io.kairos.dag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trigger rule of one child, as a pure function over its persisted state: for each parent, the
 * run that released it since the child was last triggered (or none yet). A child is triggered when
 * the last of its parents is released; the trigger carries one run per parent and starts the next
 * generation with every parent waiting again. However the parents' runs interleave, a generation
 * triggers once, and a parent released twice within one generation counts once, with its latest run.
 *
 * @param released parent job id -> the run that released it in this generation; a parent missing
 *                 from the map has not been released yet
 */
public record Generation(List<Long> parents, Map<Long, ParentRun> released) {

    public Generation {
        parents = List.copyOf(parents);
        released = Map.copyOf(released);
    }

    /** A parent's run that released the child: it succeeded (or failed with softError). */
    public record ParentRun(long parentJobId, long runId, Instant logicalTime) {
    }

    /** What one release leads to: the generation to store, and the trigger if this one completed it. */
    public record Step(Generation next, Optional<Trigger> trigger) {
    }

    /**
     * A completed generation: the runs that triggered it, and the child's logical time, the latest
     * of theirs (parents triggered together normally share one logical time; when they do not, the
     * child is for the newest data any of them saw).
     */
    public record Trigger(List<ParentRun> runs, Instant logicalTime) {
    }

    /** @throws IllegalArgumentException when {@code run} belongs to no parent of this child */
    public Step release(ParentRun run) {
        if (!parents.contains(run.parentJobId())) {
            throw new IllegalArgumentException("job " + run.parentJobId() + " is not a parent (parents: " + parents + ")");
        }
        Map<Long, ParentRun> now = new LinkedHashMap<>(released);
        now.put(run.parentJobId(), run);
        if (!now.keySet().containsAll(parents)) {
            return new Step(new Generation(parents, now), Optional.empty());
        }
        List<ParentRun> runs = new ArrayList<>();
        parents.forEach(p -> runs.add(now.get(p)));
        Instant logical = runs.stream().map(ParentRun::logicalTime).max(Comparator.naturalOrder()).orElseThrow();
        return new Step(new Generation(parents, Map.of()), Optional.of(new Trigger(runs, logical)));
    }
}
