package io.kairos.framework;

import io.kairos.api.Amount;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A role as the API shows it. {@code limit} fields are null where there is no limit;
 * {@code dominantShare} (0..1, before weighting) and {@code allocated} are the allocator's live view.
 */
@Schema(description = "An allocator role: weight scales its fair share, quota is guaranteed to it, limit caps it (null fields: "
                + "unlimited); allow: what its jobs' containers may be given of their host (privileged, host-network, host-mounts,"
                + " capabilities; admin only); dominantShare (0..1, before weighting) and allocated are live and read-only.")
public record RoleView(String name, double weight, Amount quota, Amount limit, java.util.List<String> allow, double dominantShare,
                       Amount allocated) {
}
