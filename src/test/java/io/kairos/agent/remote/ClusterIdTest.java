package io.kairos.agent.remote;

import com.github.dockerjava.api.model.Container;
import io.kairos.testing.Docker;
import io.kairos.testing.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The cluster id's way from the database (V65) through the registration to the standalone agent: its containers carry
 * it, and it is kept in the data directory for the agent's next start, which must know it before it connects.
 */
@QuarkusTest
class ClusterIdTest {

    @Inject
    DataSource db;

    @Test
    void a_container_job_carries_the_database_cluster_id_which_the_agent_keeps_in_its_data_dir() throws Exception {
        String image = TestImages.busybox();
        given().contentType(ContentType.JSON).body("{\"name\":\"cluster-labelled\",\"container\":{\"image\":\"" + image
                        + "\"},\"command\":\"sleep 5\",\"resources\":{\"cpus\":0.1,\"memMb\":32}}")
                .post("/api/v1/jobs").then().statusCode(201);
        given().post("/api/v1/jobs/cluster-labelled/runs").then().statusCode(201);
        List<Container> containers = await().atMost(Duration.ofSeconds(60))
                .until(() -> Docker.containersLabelled("io.kairos.job", "cluster-labelled"), found -> !found.isEmpty());

        String cluster = clusterId();
        assertEquals(cluster, containers.get(0).getLabels().get("io.kairos.cluster-id"));
        Path dataDir = Path.of(ConfigProvider.getConfig().getValue("kairos.data-dir", String.class));
        assertEquals(cluster, Files.readString(dataDir.resolve("cluster-id"), StandardCharsets.UTF_8).strip());
    }

    private String clusterId() throws Exception {
        try (Connection c = db.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT id FROM cluster_identity")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
