package io.kairos.framework;

import io.kairos.api.Amount;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A role as the API shows it. {@code limit} fields are null where there is no limit;
 * {@code dominantShare} (0..1, before weighting) and {@code allocated} are the allocator's live view.
 */
@Schema(description = "An allocator role: weight scales its fair share, quota is guaranteed to it, limit caps it (null fields: "
                + "unlimited); dominantShare (0..1, before weighting) and allocated are live and read-only.")
public record RoleView(String name, double weight, Amount quota, Amount limit, double dominantShare, Amount allocated) {
}
