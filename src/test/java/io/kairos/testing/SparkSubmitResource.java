package io.kairos.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Spark's real submit path for the Spark job tests, with no Spark distribution on the machine: the local agent's
 * {@code kairos.spark.submit} becomes {@code java @target/spark-submit.args}, a JVM running
 * {@code org.apache.spark.deploy.SparkSubmit} on the classpath the build resolved from Maven Central at Spark's own
 * dependency versions ({@code target/spark-submit.classpath}, written by the exec plugin in the pom). The flags are
 * the ones Spark's launcher adds on Java 17 (its {@code JavaModuleOptions}); spark-submit's script would add them.
 */
public class SparkSubmitResource implements QuarkusTestResourceLifecycleManager {

    private static final List<String> JAVA_17_FLAGS = List.of(
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true",
            // the driver of a test application is small; without this the JVM would size its heap from the host
            "-Xmx768m");

    @Override
    public Map<String, String> start() {
        return Map.of("kairos.spark.submit", command());
    }

    /**
     * The command an agent runs for spark-submit in tests. Spark's jars and the argument file are placed where a task
     * running as {@code nobody} can read them ({@link TaskReadable}): the Maven repository under /root is not.
     */
    public static synchronized String command() {
        Path classpath = Path.of("target").toAbsolutePath().resolve("spark-submit.classpath");
        if (!Files.isRegularFile(classpath)) {
            throw new IllegalStateException(classpath + " is missing: build with Maven (generate-test-resources writes it)");
        }
        List<String> lines = new ArrayList<>(JAVA_17_FLAGS);
        try {
            List<String> jars = new ArrayList<>();
            int i = 0;
            for (String jar : Files.readString(classpath).trim().split(java.io.File.pathSeparator)) {
                Path from = Path.of(jar);
                jars.add(TaskReadable.place(from, "spark-jars/" + (i++) + "-" + from.getFileName()).toString());
            }
            // an argument file keeps the 140-jar classpath out of the command line and the logs
            lines.add("-cp");
            lines.add(String.join(java.io.File.pathSeparator, jars));
            lines.add("org.apache.spark.deploy.SparkSubmit");
            Path args = TaskReadable.dir().resolve("spark-submit.args");
            Files.write(args, lines);
            Files.setPosixFilePermissions(args, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            return Path.of(System.getProperty("java.home"), "bin", "java") + " @" + args;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}
