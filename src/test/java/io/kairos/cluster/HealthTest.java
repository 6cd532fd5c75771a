package io.kairos.cluster;

import io.kairos.testing.Docker;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
class HealthTest {

    @Test
    void ready_means_the_database_and_docker_are_reachable() {
        Docker.requireDocker();
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("docker"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.find { it.name == 'docker' }.status", equalTo("UP"));
    }

    @Test
    void live_answers_while_the_process_runs() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
