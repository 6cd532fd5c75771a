package io.kairos.allocator;

/**
 * Scalar resources of an agent, an offer or a task. cpus in cores (fractions allowed), memory and
 * disk in MiB. All values are non-negative.
 */
public record Resources(double cpus, long memMb, long diskMb) {

    public static final Resources NONE = new Resources(0, 0, 0);
    private static final double EPSILON = 1e-9;

    public Resources {
        if (cpus < -EPSILON || memMb < 0 || diskMb < 0) {
            throw new IllegalArgumentException("negative resources: " + cpus + " cpus, " + memMb + " MiB, " + diskMb + " MiB disk");
        }
        cpus = Math.max(0, cpus);
    }

    public Resources plus(Resources o) {
        return new Resources(cpus + o.cpus, memMb + o.memMb, diskMb + o.diskMb);
    }

    public Resources minus(Resources o) {
        return new Resources(cpus - o.cpus, memMb - o.memMb, diskMb - o.diskMb);
    }

    public boolean fits(Resources request) {
        return request.cpus <= cpus + EPSILON && request.memMb <= memMb && request.diskMb <= diskMb;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.2f cpus, %d MiB mem, %d MiB disk", cpus, memMb, diskMb);
    }
}
