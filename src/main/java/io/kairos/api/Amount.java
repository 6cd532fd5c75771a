package io.kairos.api;

import io.kairos.allocator.Resources;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Scalar resources on the wire: cpus in cores, memory and disk in MiB, gpus whole. In a role's limit
 * a null field means no limit on that resource.
 */
@Schema(description = "Scalar resources: cpus in cores, memMb and diskMb in MiB, gpus whole. In a limit a null field means no "
                + "limit.")
public record Amount(Double cpus, Long memMb, Long diskMb, Long gpus) {

    /** Values at or above these mean "unbounded" inside the allocator. */
    private static final double UNBOUNDED_CPUS = Double.MAX_VALUE;
    private static final long UNBOUNDED = Long.MAX_VALUE / 2;

    public static Amount of(Resources r) {
        return new Amount(r.cpus() >= UNBOUNDED_CPUS ? null : r.cpus(), r.memMb() >= UNBOUNDED ? null : r.memMb(),
                r.diskMb() >= UNBOUNDED ? null : r.diskMb(), r.gpus() >= UNBOUNDED ? null : r.gpus());
    }

    /** A limit: fields left null are unbounded. */
    public Resources toLimit() {
        return new Resources(cpus == null ? UNBOUNDED_CPUS : cpus, memMb == null ? UNBOUNDED : memMb,
                diskMb == null ? UNBOUNDED : diskMb);
    }
}
