package io.kairos.job;

import io.kairos.allocator.Resources;

/**
 * What each run of a job asks for: cpus in cores (fractions allowed), memory and disk in MiB, whole
 * GPUs, and a number of host ports. Which ports is the framework's choice at placement; the task sees
 * them as {@code PORT0..PORTn} (and a container has them published on the agent's host).
 */
public record JobResources(double cpus, long memMb, long diskMb, long gpus, int ports) {

    public static final JobResources DEFAULT = new JobResources(0.25, 128, 0, 0, 0);

    public JobResources {
        if (!(cpus >= 0) || memMb < 0 || diskMb < 0 || gpus < 0 || ports < 0) {
            throw new IllegalArgumentException("negative resources");
        }
    }

    /** The scalar part the allocator offers and accounts; ports are picked from an offer, not asked by number. */
    public Resources scalars() {
        return new Resources(cpus, memMb, diskMb).withGpus(gpus);
    }
}
