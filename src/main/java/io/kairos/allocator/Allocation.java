package io.kairos.allocator;

import java.util.List;

/**
 * What one allocation cycle produced: the offers (one per framework and agent, cut to exactly what
 * the framework claimed there) and which task each claim was for.
 */
public record Allocation(List<Offer> offers, List<Grant> grants) {

    /** One claimed task: {@code key} is the framework's own task key. */
    public record Grant(FrameworkId framework, long key, OfferId offer, AgentId agent, Resources resources) {
    }
}
