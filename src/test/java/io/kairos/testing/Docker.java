package io.kairos.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real Docker daemon for tests (DOCKER_HOST or the default socket). Tests that need it call
 * {@link #requireDocker()} first: without a daemon they fail, loudly, rather than being skipped.
 */
public final class Docker {

    private static DockerClient client;

    private Docker() {
    }

    public static synchronized DockerClient client() {
        if (client == null) {
            DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
            client = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost())
                    .sslConfig(config.getSSLConfig())
                    .connectionTimeout(Duration.ofSeconds(5))
                    .build());
        }
        return client;
    }

    /** Fails the calling test when the daemon does not answer. */
    public static DockerClient requireDocker() {
        DockerClient docker = client();
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            fail("Docker is required for this test: install docker.io and start dockerd (" + e + ")");
        }
        return docker;
    }

    /** All containers, running or not, carrying {@code label=value}. */
    public static List<Container> containersLabelled(String label, String value) {
        return client().listContainersCmd().withShowAll(true).withLabelFilter(Map.of(label, value)).exec();
    }
}
