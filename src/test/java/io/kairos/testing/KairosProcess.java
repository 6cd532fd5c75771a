package io.kairos.testing;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** The packaged Kairos (target/quarkus-app) as a separate OS process, for tests that restart or kill it. */
public final class KairosProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private KairosProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static KairosProcess start(Map<String, String> env, Path log) throws IOException {
        return start(env, log, freePort());
    }

    /** On a port chosen beforehand, for processes that must know each other's addresses before they start. */
    public static KairosProcess start(Map<String, String> env, Path log, int port) throws IOException {
        String jar = System.getProperty("kairos.jar", "target/quarkus-app/quarkus-run.jar");
        if (!new File(jar).isFile()) {
            throw new IllegalStateException(jar + " is missing: run through `./mvnw verify`, which packages before integration tests");
        }
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar);
        pb.environment().putAll(env);
        pb.environment().put("KAIROS_HTTP_PORT", Integer.toString(port));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        KairosProcess k = new KairosProcess(pb.start(), port);
        await("Kairos on port " + port + " to answer").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!k.process.isAlive()) {
                        throw new IllegalStateException("Kairos exited with " + k.process.exitValue() + "; see " + log);
                    }
                    return k.live();
                });
        return k;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** SIGKILL: the process gets no chance to clean up, as in a crash or an OOM kill. */
    public void crash() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private boolean live() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(baseUrl() + "/q/health/live").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
