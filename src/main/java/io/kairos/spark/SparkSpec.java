package io.kairos.spark;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Spark application a job runs through {@code spark-submit}, in the words of spark-submit's own options. Fields
 * left out are left to Spark (its defaults, {@code spark-defaults.conf}, or {@code conf}): Kairos passes only what
 * is given, so a {@code conf} entry such as {@code spark.driver.memory} is not overridden by a default of ours.
 *
 * @param appResource    the application: a {@code .jar} or {@code .py} file, a path on the agent (or in the image)
 *                       or a URL Spark can fetch ({@code local:}, {@code hdfs://}, {@code s3a://}, ...)
 * @param mainClass      {@code --class}; null for a Python application or a jar whose manifest names it
 * @param conf           {@code --conf key=value}, in the order given
 * @param driverMemory   {@code --driver-memory}, a JVM size like {@code 512m} or {@code 2g}
 * @param executorMemory {@code --executor-memory}, likewise
 * @param master         {@code --master}: {@code local[n]}, {@code spark://host:port}, {@code yarn}, {@code k8s://...}
 */
public record SparkSpec(String appResource, String mainClass, List<String> args, Map<String, String> conf,
                        String driverMemory, String executorMemory, Integer executorCores, Integer numExecutors,
                        String master) {

    public SparkSpec {
        args = args == null ? List.of() : List.copyOf(args);
        conf = conf == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(conf));
    }

    /** Whether the application is Python (a {@code .py} file), which has no main class. */
    public boolean python() {
        return appResource != null && appResource.toLowerCase(java.util.Locale.ROOT).endsWith(".py");
    }
}
