package io.kairos.spark;

import io.kairos.allocator.Resources;

/**
 * What a Spark job's task asks of an agent. The task is {@code spark-submit} in client mode, so the agent hosts the
 * driver JVM, and in local mode the executor threads inside it. Pure.
 * <ul>
 * <li>memory: the driver's ({@code driverMemory}, else {@code conf spark.driver.memory}, else Spark's 1g) plus
 * Spark's own overhead rule, 10% of it and at least 384 MiB, for what the JVM needs beyond its heap;</li>
 * <li>cpus: {@code n} for {@code local[n]}, 1 for {@code local} and {@code local[*]} (every core of the host: Kairos
 * cannot reserve "all", ask {@code local[n]} to reserve n); for a cluster master ({@code yarn}, {@code k8s://},
 * {@code spark://}) {@code conf spark.driver.cores}, else 1.</li>
 * </ul>
 * With a cluster master the executors run on that cluster's nodes, not on the Kairos agent, so they are not
 * reserved here. Without a master, Spark's default {@code local[*]} is assumed.
 */
public final class SparkSizing {

    static final long DEFAULT_DRIVER_MB = 1024;
    static final long MIN_OVERHEAD_MB = 384;
    static final String DEFAULT_MASTER = "local[*]";
    private static final int MAX_CPUS = 1024;

    private SparkSizing() {
    }

    /** @param diskMb what the job asks of disk; Spark says nothing about it */
    public static Resources resources(SparkSpec spark, long diskMb) {
        return new Resources(cpus(spark), Math.min(memMb(spark), SparkMemory.MAX_MB), diskMb);
    }

    static long memMb(SparkSpec spark) {
        String driver = spark.driverMemory() != null ? spark.driverMemory() : spark.conf().get("spark.driver.memory");
        long heap = SparkMemory.mebibytes(driver).orElse(DEFAULT_DRIVER_MB);
        return heap + Math.max(MIN_OVERHEAD_MB, (long) Math.ceil(heap * 0.10));
    }

    static double cpus(SparkSpec spark) {
        String master = master(spark);
        if (SparkMaster.local(master)) {
            return SparkMaster.localThreads(master).orElse(1);
        }
        String driverCores = spark.conf().get("spark.driver.cores");
        try {
            int cores = driverCores == null ? 1 : Integer.parseInt(driverCores.trim());
            return Math.max(1, Math.min(cores, MAX_CPUS));
        } catch (NumberFormatException e) {
            return 1; // refused when the job is read (SparkJson); a stored one is sized as Spark's default
        }
    }

    static String master(SparkSpec spark) {
        String m = spark.master() != null ? spark.master() : spark.conf().get("spark.master");
        return m == null || !SparkMaster.valid(m) ? DEFAULT_MASTER : m;
    }
}
