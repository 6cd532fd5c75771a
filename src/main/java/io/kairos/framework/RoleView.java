package io.kairos.framework;

import io.kairos.api.Amount;

/**
 * A role as the API shows it. {@code limit} fields are null where there is no limit;
 * {@code dominantShare} (0..1, before weighting) and {@code allocated} are the allocator's live view.
 */
public record RoleView(String name, double weight, Amount quota, Amount limit, double dominantShare, Amount allocated) {
}
