package io.kairos.bench;

/**
 * A plain-Quartz configuration the benchmark measures Kairos against.
 *
 * @param threads  org.quartz.threadPool.threadCount
 * @param batchMax org.quartz.scheduler.batchTriggerAcquisitionMaxCount (1 = Quartz's default)
 */
record QuartzVariant(String name, int threads, int batchMax) {

    static final QuartzVariant DEFAULT = new QuartzVariant("default", 10, 1);
    static final QuartzVariant TUNED = new QuartzVariant("tuned", 25, 100);

    static QuartzVariant named(String name) {
        return switch (name) {
            case "default" -> DEFAULT;
            case "tuned" -> TUNED;
            default -> throw new IllegalArgumentException("unknown Quartz variant '" + name + "'; use default or tuned");
        };
    }
}
