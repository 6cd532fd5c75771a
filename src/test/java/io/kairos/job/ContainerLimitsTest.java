package io.kairos.job;

import io.kairos.testing.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

/**
 * What Docker cannot honour is refused when the job is saved, naming the limit, instead of every run
 * failing inside Docker: below 0.01 CPU the CFS quota is under its minimum, below 6 MiB memory
 * Docker refuses the container.
 */
@QuarkusTest
class ContainerLimitsTest {

    @ParameterizedTest(name = "{0} is refused naming {1}")
    @CsvSource(delimiter = '|', value = {
            "\"cpus\":0.001|/resources/cpus|0.01",
            "\"cpus\":0.0099|/resources/cpus|0.01",
            "\"memMb\":5|/resources/memMb|6",
            "\"memMb\":4|/resources/memMb|6",
    })
    void a_container_job_asking_less_than_docker_can_limit_is_a_422_naming_the_limit(String resource, String field, String limit) {
        given().contentType(ContentType.JSON).body("""
                        {"name":"limits-low","command":"true","container":{"image":"%s"},"resources":{%s}}"""
                        .formatted(TestImages.BUSYBOX, resource))
                .post("/api/v1/jobs").then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem(field)).body("detail", containsString(limit));
        given().get("/api/v1/jobs/limits-low").then().statusCode(404);
    }

    @Test
    void a_chronos_container_job_below_the_limit_is_a_400_naming_cpus() {
        given().contentType(ContentType.JSON).body("""
                        {"schedule":"R/2030-01-01T00:00:00Z/PT1H","name":"limits-chronos","command":"true","cpus":0.001,
                         "container":{"type":"DOCKER","image":"%s"}}""".formatted(TestImages.BUSYBOX))
                .post("/v1/scheduler/iso8601").then().statusCode(400).body("errors.field", hasItem("/cpus"));
    }

    @Test
    void a_process_job_may_still_ask_for_a_sliver_of_a_cpu_and_a_few_mib() {
        given().contentType(ContentType.JSON).body("""
                {"name":"limits-process","command":"true","resources":{"cpus":0.001,"memMb":4}}""")
                .post("/api/v1/jobs").then().statusCode(201);
    }

    @Test
    void a_container_job_at_exactly_the_limits_runs_in_docker() {
        String image = TestImages.busybox();
        given().contentType(ContentType.JSON).body("""
                        {"name":"limits-edge","command":"echo edge","container":{"image":"%s"},"resources":{"cpus":0.01,"memMb":6}}"""
                        .formatted(image))
                .post("/api/v1/jobs").then().statusCode(201);
        long run = given().post("/api/v1/jobs/limits-edge/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        await("run " + run + " to succeed").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            String state = given().get("/api/v1/runs/" + run).then().statusCode(200).extract().path("state");
            if ("FAILED".equals(state)) {
                throw new AssertionError("run " + run + " failed: " + given().get("/api/v1/runs/" + run).asString());
            }
            return "SUCCEEDED".equals(state);
        });
    }
}
