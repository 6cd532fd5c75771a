package io.kairos.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A Spark application for the Spark job tests, in the manner of Spark's SparkPi (whose examples jar is not on Maven
 * Central): estimates π by throwing darts in an RDD of {@code slices} partitions and prints the estimate. Runs in
 * the spark-submit JVM the test starts through Kairos, never in the test JVM. Argument: the number of slices.
 */
public final class SparkPiApp {

    private static final int DARTS_PER_SLICE = 200_000;

    private SparkPiApp() {
    }

    public static void main(String[] args) {
        int slices = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        try (JavaSparkContext spark = new JavaSparkContext(new SparkConf())) {
            int n = DARTS_PER_SLICE * slices;
            List<Integer> darts = IntStream.range(0, n).boxed().collect(Collectors.toList());
            long inside = spark.parallelize(darts, slices).filter(i -> {
                double x = Math.random() * 2 - 1;
                double y = Math.random() * 2 - 1;
                return x * x + y * y <= 1;
            }).count();
            System.out.println("Pi is roughly " + 4.0 * inside / n);
            System.out.println("computed by " + spark.appName() + " with " + slices + " slices on " + spark.master());
        }
    }
}
