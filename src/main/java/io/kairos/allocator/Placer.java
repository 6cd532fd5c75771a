package io.kairos.allocator;

import java.util.Optional;

/**
 * Level two's side of progressive filling. In each allocation cycle the allocator repeatedly picks
 * the framework most owed (see {@link Allocator}) and hands it an offer good for one task; the
 * framework picks one of its pending tasks and an agent for it, or answers empty when nothing of
 * its fits any more this cycle. Implementations are pure and are called on the allocating thread.
 */
public interface Placer {
    Optional<Claim> claim(TaskOffer offer);
}
