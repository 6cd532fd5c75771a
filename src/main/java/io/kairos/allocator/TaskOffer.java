package io.kairos.allocator;

import java.util.Collection;
import java.util.Optional;

/**
 * An offer good for one task, valid only during the {@link Placer#claim} call that receives it:
 * every agent this framework may use now (not draining, not filtered by an earlier decline) with
 * its free resources, and the most the framework's role may still take.
 */
public interface TaskOffer {

    FrameworkId framework();

    String role();

    /** Usable agents with at least {@code minCpus} free, least free cpus first (for bin-packing). */
    Iterable<FreeAgent> tightestFirst(double minCpus);

    /** Usable agents with at least {@code minCpus} free, most free cpus first (for spreading). */
    Iterable<FreeAgent> loosestFirst(double minCpus);

    /** Null when the role may take {@code r} now; otherwise why not ("role limit reached: ..."). */
    default String roleRefuses(Resources r) {
        return roleRefuses(r, false);
    }

    /**
     * As {@link #roleRefuses(Resources)} for a task that is {@code revocable}: it may also take what is held back for
     * other roles' unmet quota (it is preempted when they claim it); the role's limit holds all the same.
     */
    String roleRefuses(Resources r, boolean revocable);

    /** Null when this framework may use the agent now; otherwise why not ("agent draining"). */
    String agentRefuses(FreeAgent agent);

    /** Any known agent by id, usable or not (to see where a job's tasks already run). */
    Optional<FreeAgent> agent(AgentId id);

    /** Every agent, usable or not, for explaining why a task fits nowhere. */
    Collection<? extends FreeAgent> allAgents();
}
