package io.kairos.security;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A secret through the real path: REST, PostgreSQL, the dispatcher and the local agent running a process. */
@QuarkusTest
class JobSecretsTest {

    private static final String VALUE = "pa55-w0rd-xyzzy";

    @Inject
    DataSource db;

    @Test
    void a_secret_reaches_the_process_masked_in_its_log_and_never_comes_back() throws Exception {
        String body = "{\"name\":\"secret-echo\",\"command\":\"echo \\\"pw=$DB_PW len=${#DB_PW}\\\"\","
                + "\"resources\":{\"cpus\":0.1,\"memMb\":32},\"secrets\":{\"DB_PW\":\"" + VALUE + "\"}}";
        given().contentType(ContentType.JSON).body(body).post("/api/v1/jobs").then().statusCode(201)
                .body(not(containsString(VALUE))).body("secrets", equalTo(java.util.List.of("DB_PW")));
        given().get("/api/v1/jobs/secret-echo").then().statusCode(200).body(not(containsString(VALUE)))
                .body("secrets", equalTo(java.util.List.of("DB_PW")));
        given().get("/api/v1/jobs").then().statusCode(200).body(not(containsString(VALUE)));

        try (Connection c = db.getConnection(); ResultSet r = c.createStatement().executeQuery(
                "select s.sealed from job_secret s join job j on j.id = s.job_id where j.name = 'secret-echo'")) {
            assertTrue(r.next());
            assertFalse(new String(r.getBytes(1), StandardCharsets.ISO_8859_1).contains(VALUE));
        }

        long run = given().post("/api/v1/jobs/secret-echo/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> "SUCCEEDED".equals(
                given().get("/api/v1/runs/" + run).then().extract().path("state")));
        String log = given().get("/api/v1/runs/" + run + "/log?stream=stdout").then().statusCode(200).extract().path("data");
        // the task had the value (its length proves it), the stored log has only the mask
        assertEquals("pw=*** len=" + VALUE.length() + "\n", log);
        given().get("/api/v1/runs/" + run).then().body(not(containsString(VALUE)));

        // a PUT of what GET answered keeps the value
        String got = given().get("/api/v1/jobs/secret-echo").then().extract().asString();
        given().contentType(ContentType.JSON).body(got).put("/api/v1/jobs/secret-echo").then().statusCode(200)
                .body("secrets", equalTo(java.util.List.of("DB_PW")));
        // the page does not show it either
        given().get("/jobs/secret-echo").then().body(not(containsString(VALUE)));
    }

    @Test
    void a_container_job_gets_its_secret_and_its_log_shows_the_mask() {
        // TestImages builds the local image, and fails (does not skip) without Docker
        String image = io.kairos.testing.TestImages.busybox();
        String body = "{\"name\":\"secret-docker\",\"container\":{\"image\":\"" + image + "\"},"
                + "\"command\":\"echo \\\"pw=$DB_PW len=${#DB_PW}\\\"\",\"resources\":{\"cpus\":0.1,\"memMb\":32},"
                + "\"secrets\":{\"DB_PW\":\"" + VALUE + "\"}}";
        given().contentType(ContentType.JSON).body(body).post("/api/v1/jobs").then().statusCode(201).body(not(containsString(VALUE)));
        long run = given().post("/api/v1/jobs/secret-docker/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(Duration.ofSeconds(90)).until(() -> "SUCCEEDED".equals(
                given().get("/api/v1/runs/" + run).then().extract().path("state")));
        String log = given().get("/api/v1/runs/" + run + "/log?stream=stdout").then().statusCode(200).extract().path("data");
        assertEquals("pw=*** len=" + VALUE.length() + "\n", log);
    }

    @Test
    void a_secret_named_like_an_env_variable_is_refused_naming_the_field() {
        given().contentType(ContentType.JSON).body("{\"name\":\"secret-clash\",\"command\":\"true\",\"env\":{\"X\":\"1\"},"
                        + "\"secrets\":{\"X\":\"2\",\"1bad\":\"3\"}}")
                .post("/api/v1/jobs").then().statusCode(422).body(containsString("/secrets/X")).body(containsString("/secrets/1bad"))
                .body(not(containsString("\"2\"")));
    }
}
