package io.kairos.cluster;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** With the Docker daemon unreachable, Kairos says so, fails container runs with the reason and still runs processes. */
@QuarkusTest
@TestProfile(DockerDownTest.NoDocker.class)
class DockerDownTest {

    public static class NoDocker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kairos.docker.host", "unix:///tmp/kairos-no-docker-here.sock");
        }
    }

    @Test
    void readiness_is_down_and_names_docker() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'docker' }.status", equalTo("DOWN"));
    }

    @Test
    void a_container_run_fails_with_the_reason_and_a_process_run_still_succeeds() {
        given().contentType(ContentType.JSON).body("{\"name\":\"nodocker-container\",\"container\":{\"image\":\"local/busybox:latest\"},\"command\":\"true\"}")
                .post("/api/v1/jobs").then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"name\":\"nodocker-process\",\"command\":\"echo fine\"}")
                .post("/api/v1/jobs").then().statusCode(201);
        long container = given().post("/api/v1/jobs/nodocker-container/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        long process = given().post("/api/v1/jobs/nodocker-process/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> "FAILED".equals(given().get("/api/v1/runs/" + container).then().extract().path("state")));
        given().get("/api/v1/runs/" + container).then().body("reason", containsString("ocker"))
                .body("attempts[0].state", equalTo("ERROR"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(given().get("/api/v1/runs/" + process).then().extract().path("state")));
    }
}
