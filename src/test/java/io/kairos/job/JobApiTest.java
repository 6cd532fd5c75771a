package io.kairos.job;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
class JobApiTest {

    @Test
    void an_on_demand_job_round_trips_every_field() {
        String body = """
                {"name":"roundtrip","description":"d","owner":"data-eng","command":"echo hi",
                 "env":{"A":"1"},"resources":{"cpus":0.5,"memMb":64,"diskMb":0},"enabled":true}""";
        given().contentType("application/json").body(body).post("/api/v1/jobs").then().statusCode(201)
                .body("name", equalTo("roundtrip"));
        given().get("/api/v1/jobs/roundtrip").then().statusCode(200)
                .body("owner", equalTo("data-eng"))
                .body("resources.memMb", equalTo(64))
                .body("env.A", equalTo("1"));
    }

    @Test
    void bad_fields_are_named_in_a_problem_answer() {
        given().contentType("application/json").body("{\"name\":\"has space\",\"resources\":{\"cpus\":\"lots\"}}")
                .post("/api/v1/jobs").then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("/name"))
                .body("errors.field", hasItem("/resources/cpus"));
    }
}
