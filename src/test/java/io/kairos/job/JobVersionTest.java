package io.kairos.job;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Optimistic concurrency for users: a job's version is its ETag, and If-Match makes a PUT or DELETE conditional. */
@QuarkusTest
class JobVersionTest {

    private static void create(String name) {
        given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\",\"command\":\"true\"}").post("/api/v1/jobs")
                .then().statusCode(201);
    }

    private static String etag(String name) {
        return given().get("/api/v1/jobs/" + name).then().statusCode(200).extract().header("ETag");
    }

    private static String body(String name, String command) {
        return "{\"name\":\"" + name + "\",\"command\":\"" + command + "\"}";
    }

    @Test
    void a_job_answers_its_version_as_a_strong_etag() {
        create("etag-get");
        int version = given().get("/api/v1/jobs/etag-get").then().statusCode(200).extract().path("version");
        given().get("/api/v1/jobs/etag-get").then().header("ETag", equalTo("\"" + version + "\""));
    }

    @Test
    void a_put_with_the_current_etag_succeeds_and_answers_the_next_one() {
        create("etag-put");
        String first = etag("etag-put");
        String next = given().contentType(ContentType.JSON).header("If-Match", first).body(body("etag-put", "echo 1"))
                .put("/api/v1/jobs/etag-put").then().statusCode(200).extract().header("ETag");
        int version = given().get("/api/v1/jobs/etag-put").then().extract().path("version");
        assertEqualsQuoted(version, next);
        given().get("/api/v1/jobs/etag-put").then().header("ETag", equalTo(next)).body("command", equalTo("echo 1"));
    }

    private static void assertEqualsQuoted(int version, String etag) {
        org.junit.jupiter.api.Assertions.assertEquals("\"" + version + "\"", etag);
    }

    @Test
    void a_put_with_a_stale_etag_is_a_412_and_changes_nothing() {
        create("etag-stale");
        String stale = etag("etag-stale");
        given().contentType(ContentType.JSON).body(body("etag-stale", "echo other")).put("/api/v1/jobs/etag-stale").then().statusCode(200);
        given().contentType(ContentType.JSON).header("If-Match", stale).body(body("etag-stale", "echo mine"))
                .put("/api/v1/jobs/etag-stale").then().statusCode(412).contentType("application/problem+json")
                .body("status", equalTo(412));
        given().get("/api/v1/jobs/etag-stale").then().body("command", equalTo("echo other"));
    }

    @Test
    void a_delete_with_a_stale_etag_is_a_412_and_the_job_stays_with_the_current_one_it_goes() {
        create("etag-delete");
        String stale = etag("etag-delete");
        given().contentType(ContentType.JSON).body(body("etag-delete", "echo other")).put("/api/v1/jobs/etag-delete").then().statusCode(200);
        given().header("If-Match", stale).delete("/api/v1/jobs/etag-delete").then().statusCode(412)
                .contentType("application/problem+json");
        given().get("/api/v1/jobs/etag-delete").then().statusCode(200);
        given().header("If-Match", etag("etag-delete")).delete("/api/v1/jobs/etag-delete").then().statusCode(204);
        given().get("/api/v1/jobs/etag-delete").then().statusCode(404);
    }

    @Test
    void without_if_match_the_last_write_wins_and_a_star_matches_any_version() {
        create("etag-none");
        given().contentType(ContentType.JSON).body(body("etag-none", "echo 1")).put("/api/v1/jobs/etag-none").then().statusCode(200);
        given().contentType(ContentType.JSON).body(body("etag-none", "echo 2")).put("/api/v1/jobs/etag-none").then().statusCode(200);
        given().contentType(ContentType.JSON).header("If-Match", "*").body(body("etag-none", "echo 3"))
                .put("/api/v1/jobs/etag-none").then().statusCode(200);
        given().contentType(ContentType.JSON).header("If-Match", "\"999\", " + etag("etag-none")).body(body("etag-none", "echo 4"))
                .put("/api/v1/jobs/etag-none").then().statusCode(200);
        given().get("/api/v1/jobs/etag-none").then().body("command", equalTo("echo 4"));
    }

    @ParameterizedTest(name = "If-Match: {0}")
    @ValueSource(strings = {"W/\"0\"", "\"seven\"", "\"\""})
    void a_well_formed_etag_kairos_never_issues_matches_no_version(String ifMatch) {
        String name = "etag-other-" + Integer.toHexString(ifMatch.hashCode());
        create(name);
        // If-Match compares strongly: a weak tag never matches, nor does a tag that is not a version
        given().contentType(ContentType.JSON).header("If-Match", ifMatch).body(body(name, "echo x")).put("/api/v1/jobs/" + name)
                .then().statusCode(412);
    }

    @ParameterizedTest(name = "If-Match: {0}")
    @ValueSource(strings = {"7", "\"7", "\"7\" \"8\"", "W/7"})
    void a_malformed_if_match_is_a_400(String ifMatch) {
        String name = "etag-bad-" + Integer.toHexString(ifMatch.hashCode());
        create(name);
        given().contentType(ContentType.JSON).header("If-Match", ifMatch).body(body(name, "echo x")).put("/api/v1/jobs/" + name)
                .then().statusCode(400).contentType("application/problem+json");
        given().header("If-Match", ifMatch).delete("/api/v1/jobs/" + name).then().statusCode(400);
        given().get("/api/v1/jobs/" + name).then().statusCode(200).body("command", equalTo("true"));
    }
}
