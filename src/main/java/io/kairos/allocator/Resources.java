package io.kairos.allocator;

import java.util.Locale;

/**
 * Resources of an agent, an offer or a task: cpus in cores (fractions allowed), memory and disk in
 * MiB, whole GPUs, and concrete TCP ports. Scalars are non-negative. {@code new Resources(cpus,
 * memMb, diskMb)} is the common case: no GPUs, no ports.
 */
public record Resources(double cpus, long memMb, long diskMb, long gpus, PortRanges ports) {

    public static final Resources NONE = new Resources(0, 0, 0);
    private static final double EPSILON = 1e-9;

    public Resources {
        if (cpus < -EPSILON || memMb < 0 || diskMb < 0 || gpus < 0) {
            throw new IllegalArgumentException("negative resources: " + cpus + " cpus, " + memMb + " MiB, " + diskMb
                    + " MiB disk, " + gpus + " gpus");
        }
        cpus = Math.max(0, cpus);
        ports = ports == null ? PortRanges.NONE : ports;
    }

    public Resources(double cpus, long memMb, long diskMb) {
        this(cpus, memMb, diskMb, 0, PortRanges.NONE);
    }

    public Resources withGpus(long n) {
        return new Resources(cpus, memMb, diskMb, n, ports);
    }

    public Resources withPorts(PortRanges p) {
        return new Resources(cpus, memMb, diskMb, gpus, p);
    }

    public Resources plus(Resources o) {
        return new Resources(cpus + o.cpus, memMb + o.memMb, diskMb + o.diskMb, gpus + o.gpus, ports.plus(o.ports));
    }

    /** Subtracts {@code o}; throws if that would go below zero in any scalar. */
    public Resources minus(Resources o) {
        return new Resources(cpus - o.cpus, memMb - o.memMb, diskMb - o.diskMb, gpus - o.gpus, ports.minus(o.ports));
    }

    /** Subtracts {@code o}, stopping at zero in each scalar (for book-keeping that must never throw). */
    public Resources minusClamped(Resources o) {
        return new Resources(Math.max(0, cpus - o.cpus), Math.max(0, memMb - o.memMb), Math.max(0, diskMb - o.diskMb),
                Math.max(0, gpus - o.gpus), ports.minus(o.ports));
    }

    /** Whether {@code request} fits inside these resources, ports included. */
    public boolean fits(Resources request) {
        return fitsScalars(request) && ports.contains(request.ports);
    }

    public boolean fitsScalars(Resources request) {
        return request.cpus <= cpus + EPSILON && request.memMb <= memMb && request.diskMb <= diskMb && request.gpus <= gpus;
    }

    /** True when every scalar is zero and no port is held. */
    public boolean isEmpty() {
        return cpus <= EPSILON && memMb == 0 && diskMb == 0 && gpus == 0 && ports.isEmpty();
    }

    @Override
    public String toString() {
        String s = String.format(Locale.ROOT, "%.2f cpus, %d MiB mem, %d MiB disk", cpus, memMb, diskMb);
        if (gpus > 0) {
            s += ", " + gpus + " gpus";
        }
        if (!ports.isEmpty()) {
            s += ", ports " + ports;
        }
        return s;
    }
}
