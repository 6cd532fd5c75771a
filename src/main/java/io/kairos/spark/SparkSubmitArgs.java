package io.kairos.spark;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of {@code spark-submit} for a job's run, in spark-submit's order (options, the application, its
 * arguments). The program itself is not among them: each agent puts its own {@code spark-submit} in front
 * ({@code kairos.spark.submit}). One argument per list element, no shell: a value with spaces or {@code ;} stays
 * one argument. Pure.
 */
public final class SparkSubmitArgs {

    private SparkSubmitArgs() {
    }

    /**
     * @param appName {@code --name}, unless {@code conf} sets {@code spark.app.name}
     * @param appArgs the application's arguments, parameters already substituted
     */
    public static List<String> of(SparkSpec s, String appName, List<String> appArgs) {
        List<String> a = new ArrayList<>();
        if (s.master() != null) {
            a.add("--master");
            a.add(s.master());
        }
        if (!s.conf().containsKey("spark.app.name")) {
            a.add("--name");
            a.add(appName);
        }
        if (s.mainClass() != null) {
            a.add("--class");
            a.add(s.mainClass());
        }
        s.conf().forEach((k, v) -> {
            a.add("--conf");
            a.add(k + "=" + v);
        });
        option(a, "--driver-memory", s.driverMemory());
        option(a, "--executor-memory", s.executorMemory());
        option(a, "--executor-cores", s.executorCores());
        option(a, "--num-executors", s.numExecutors());
        a.add(s.appResource());
        a.addAll(appArgs);
        return a;
    }

    private static void option(List<String> a, String flag, Object value) {
        if (value != null) {
            a.add(flag);
            a.add(value.toString());
        }
    }
}
