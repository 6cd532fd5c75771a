package io.kairos.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** The test Spark application, packaged as spark-submit wants it: a jar file, built from the compiled test classes. */
public final class SparkTestApps {

    public static final String PI_CLASS = "io.kairos.spark.SparkPiApp";

    private SparkTestApps() {
    }

    /** A driver bound to the loopback interface with no web UI: the tests open no port beyond 127.0.0.1. */
    public static Map<String, Object> loopbackConf() {
        Map<String, Object> conf = new LinkedHashMap<>();
        conf.put("spark.ui.enabled", false);
        conf.put("spark.driver.host", "127.0.0.1");
        conf.put("spark.driver.bindAddress", "127.0.0.1");
        return conf;
    }

    /**
     * {@code spark-pi.jar}, holding {@link SparkPiApp}'s class files; an absolute path where a task running as
     * {@code nobody} reads it.
     */
    public static synchronized String piJar() {
        Path classes = Path.of("target", "test-classes").toAbsolutePath();
        Path dir = classes.resolve("io/kairos/spark");
        Path jar = Path.of("target", "spark-apps", "spark-pi.jar").toAbsolutePath();
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> app = files.filter(f -> f.getFileName().toString().startsWith("SparkPiApp")).toList();
            if (app.isEmpty()) {
                throw new IllegalStateException("no compiled SparkPiApp under " + dir);
            }
            Files.createDirectories(jar.getParent());
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
                for (Path f : app) {
                    j.putNextEntry(new JarEntry(classes.relativize(f).toString()));
                    Files.copy(f, j);
                    j.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return io.kairos.testing.TaskReadable.place(jar, "spark-apps/spark-pi.jar").toString();
    }
}
