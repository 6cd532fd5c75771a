package io.kairos.api;

import io.kairos.testing.ConsoleForm;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * PostgreSQL refuses the NUL character in text and jsonb: anywhere a client can put one, it must be
 * refused as bad input naming where it was, never reach the database as a 500. (In the bodies below,
 * {@code \\u0000} is JSON's escape for NUL; in URLs it is {@code %00}.)
 */
@QuarkusTest
class NulCharacterTest {

    @ParameterizedTest(name = "a NUL in {1} of a job is refused naming it")
    @CsvSource(delimiter = '|', value = {
            "{\"name\":\"nul-x\",\"command\":\"true\",\"description\":\"a\\u0000b\"}|/description",
            "{\"name\":\"nul-x\",\"command\":\"true\",\"owner\":\"a\\u0000b\"}|/owner",
            "{\"name\":\"nul-x\",\"command\":\"echo \\u0000\"}|/command",
            "{\"name\":\"nul-x\",\"args\":[\"echo\",\"\\u0000\"]}|/args/1",
            "{\"name\":\"nul-x\",\"command\":\"true\",\"env\":{\"KEY\":\"a\\u0000b\"}}|/env/KEY",
            "{\"name\":\"nul-x\",\"command\":\"true\",\"container\":{\"image\":\"busybox\\u0000\"}}|/container/image",
            "{\"name\":\"nul-x\",\"command\":\"true\",\"constraints\":[[\"rack\",\"EQUALS\",\"r\\u0000\"]]}|/constraints/0/2",
            "{\"name\":\"nul-x\",\"command\":\"true\",\"parameters\":[{\"name\":\"p\",\"type\":\"string\",\"default\":\"a\\u0000\"}]}|/parameters/0/default",
            "{\"name\":\"nul-x\",\"command\":\"true\",\"notifications\":[{\"on\":[\"FAILURE\"],\"email\":{\"to\":[\"a\\u0000@example.com\"]}}]}|/notifications/0/email/to/0",
            "{\"name\":\"nul-x\",\"spark\":{\"appResource\":\"/opt/app.jar\",\"conf\":{\"spark.x\":\"a\\u0000\"}}}|/spark/conf/spark.x",
            "{\"name\":\"nul\\u0000x\",\"command\":\"true\"}|/name",
    })
    void a_nul_anywhere_in_a_job_is_a_422_naming_the_field(String body, String field) {
        given().contentType(ContentType.JSON).body(body).post("/api/v1/jobs").then()
                .statusCode(422).contentType("application/problem+json").body("errors.field", hasItem(field));
        given().contentType(ContentType.JSON).body("{\"name\":\"nul-put\",\"command\":\"true\"}").post("/api/v1/jobs");
        given().contentType(ContentType.JSON).body(body.replace("nul-x", "nul-put")).put("/api/v1/jobs/nul-put").then()
                .statusCode(422).body("errors.field", hasItem(field));
        given().get("/api/v1/jobs/nul-x").then().statusCode(404);
    }

    @ParameterizedTest(name = "{0} {1} is a 404")
    @CsvSource(delimiter = '|', value = {
            "GET|/api/v1/jobs/a%00b", "DELETE|/api/v1/jobs/a%00b", "GET|/api/v1/jobs/a%00b/runs", "POST|/api/v1/jobs/a%00b/runs",
            "GET|/api/v1/roles/a%00b", "GET|/v1/scheduler/job/a%00b", "DELETE|/v1/scheduler/job/a%00b", "PUT|/v1/scheduler/job/a%00b",
            "GET|/jobs/a%00b", "GET|/jobs/a%00b/edit",
    })
    void a_nul_in_a_name_in_the_path_finds_nothing(String method, String path) {
        given().urlEncodingEnabled(false).contentType(ContentType.JSON).body("{}").request(method, path).then()
                .statusCode(404).contentType("application/problem+json");
    }

    @Test
    void a_nul_in_a_put_path_is_a_404_even_with_a_valid_body() {
        given().urlEncodingEnabled(false).contentType(ContentType.JSON).body("{\"command\":\"true\"}").put("/api/v1/jobs/a%00b")
                .then().statusCode(404);
    }

    @ParameterizedTest(name = "{0} is a 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
            "/api/v1/jobs?q=a%00b|q", "/api/v1/jobs?owner=a%00b|owner", "/v1/scheduler/jobs/search?any=a%00b|any",
            "/jobs?q=a%00b|q", "/dag?job=a%00b|job", "/api/v1/schedules/preview?cron=%00|cron",
    })
    void a_nul_in_a_query_parameter_is_a_400_naming_it(String url, String parameter) {
        given().urlEncodingEnabled(false).get(url).then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(parameter));
    }

    @ParameterizedTest(name = "a NUL in Chronos'' {1} is a 400 naming it")
    @CsvSource(delimiter = '|', value = {
            "{\"schedule\":\"R/2030-01-01T00:00:00Z/PT1H\",\"name\":\"nul-c\",\"command\":\"echo \\u0000\"}|/command",
            "{\"schedule\":\"R/2030-01-01T00:00:00Z/PT1H\",\"name\":\"nul-c\",\"command\":\"true\",\"description\":\"\\u0000\"}|/description",
            "{\"schedule\":\"R/2030-01-01T00:00:00Z/PT1H\",\"name\":\"nul-c\",\"command\":\"true\",\"environmentVariables\":[{\"name\":\"K\",\"value\":\"\\u0000\"}]}|/environmentVariables/0/value",
            "{\"schedule\":\"R/2030-01-01T00:00:00Z/PT1H\",\"name\":\"nul-c\",\"command\":\"true\",\"container\":{\"type\":\"X\\u0000\",\"image\":\"busybox\"}}|/container/type",
    })
    void a_nul_in_a_chronos_job_is_a_400_naming_the_chronos_field(String body, String field) {
        given().contentType(ContentType.JSON).body(body).post("/v1/scheduler/iso8601").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(field));
        given().get("/api/v1/jobs/nul-c").then().statusCode(404); // nothing was written
    }

    @ParameterizedTest(name = "a NUL in Livy''s {1} is a 400 naming it")
    @CsvSource(delimiter = '|', value = {
            "{\"file\":\"/opt/app.jar\",\"name\":\"a\\u0000b\"}|/name",
            "{\"file\":\"/opt/app.jar\",\"proxyUser\":\"a\\u0000b\"}|/proxyUser",
            "{\"file\":\"/opt/app.jar\",\"conf\":{\"spark.x\":\"\\u0000\"}}|/conf/spark.x",
            "{\"file\":\"/opt/app\\u0000.jar\"}|/file",
            "{\"file\":\"/opt/app.jar\",\"args\":[\"\\u0000\"]}|/args/0",
    })
    void a_nul_in_a_livy_batch_is_a_400_naming_the_livy_field(String body, String field) {
        given().contentType(ContentType.JSON).body(body).post("/batches").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(field));
    }

    @Test
    void a_nul_in_run_now_parameters_and_extra_args_is_a_422_naming_them() {
        given().contentType(ContentType.JSON).body("""
                {"name":"nul-params","args":["echo"],"parameters":[{"name":"p","type":"string"}]}""").post("/api/v1/jobs")
                .then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"params\":{\"p\":\"a\\u0000\"}}").post("/api/v1/jobs/nul-params/runs")
                .then().statusCode(422).body("errors.field", hasItem("/params/p"));
        given().contentType(ContentType.JSON).body("{\"extraArgs\":[\"\\u0000\"]}").post("/api/v1/jobs/nul-params/runs")
                .then().statusCode(422).body("errors.field", hasItem("/extraArgs/0"));
        given().get("/api/v1/jobs/nul-params/runs").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void a_nul_in_the_console_mark_success_form_is_refused_on_the_run_page() {
        given().contentType(ContentType.JSON).body("{\"name\":\"nul-mark\",\"command\":\"exit 3\"}").post("/api/v1/jobs")
                .then().statusCode(201);
        long run = given().post("/api/v1/jobs/nul-mark/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        org.awaitility.Awaitility.await("run " + run + " to fail").atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> "FAILED".equals(given().get("/api/v1/runs/" + run).then().extract().path("state")));
        ConsoleForm.post().contentType(ContentType.URLENC).formParam("by", "a\u0000").formParam("reason", "why")
                .post("/runs/" + run + "/mark-success").then().statusCode(422).contentType(containsString("text/html"));
        ConsoleForm.post().contentType(ContentType.URLENC).formParam("by", "alice").formParam("reason", "wh\u0000y")
                .post("/runs/" + run + "/mark-success").then().statusCode(422);
        given().get("/api/v1/runs/" + run).then().body("state", equalTo("FAILED"));
    }

    @Test
    void a_nul_typed_into_the_console_job_form_is_refused_beside_its_input() {
        ConsoleForm.post().contentType(ContentType.URLENC).formParam("/name", "nul-form").formParam("/command", "echo \u0000")
                .post("/jobs/_new").then().statusCode(422).contentType(containsString("text/html"));
        ConsoleForm.post().contentType(ContentType.URLENC).formParam("definition", "{\"name\":\"nul-form\",\"command\":\"echo \\u0000\"}")
                .post("/jobs/_new/json").then().statusCode(422).contentType(containsString("text/html"));
        given().get("/api/v1/jobs/nul-form").then().statusCode(404);
    }
}
