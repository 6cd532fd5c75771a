package io.kairos.service;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

/** The services API: what it accepts, what it answers, how it refuses. Instances run only where asked (instances 0). */
@QuarkusTest
class ServiceApiTest {

    private static ValidatableResponse post(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/api/v1/services").then();
    }

    @Test
    void a_service_is_created_with_its_defaults_and_read_back_under_its_path() {
        post("""
                {"id": "api-test/web", "command": "busybox httpd -f -p $PORT0", "instances": 0,
                 "ports": [{"name": "http"}], "healthChecks": [{"protocol": "HTTP", "path": "/"}],
                 "labels": {"team": "web"}}""")
                .statusCode(201).header("Location", org.hamcrest.Matchers.endsWith("/api/v1/services/api-test/web"))
                .body("id", equalTo("/api-test/web"))
                .body("role", equalTo("services"))
                .body("upgradeStrategy.minimumHealthCapacity", equalTo(1.0f))
                .body("backoffSeconds", equalTo(1.0f))
                .body("backoffFactor", equalTo(1.15f))
                .body("maxLaunchDelaySeconds", equalTo(300))
                .body("healthChecks[0].gracePeriodSeconds", equalTo(300))
                .body("healthChecks[0].intervalSeconds", equalTo(60))
                .body("healthChecks[0].maxConsecutiveFailures", equalTo(3))
                .body("configVersion", equalTo(1))
                .body("counts.running", equalTo(0));
        given().get("/api/v1/services/api-test/web").then().statusCode(200)
                .header("ETag", "\"0\"")
                .body("ports[0].name", equalTo("http"))
                .body("labels.team", equalTo("web"))
                .body("deployment", nullValue());
        given().get("/api/v1/services").then().statusCode(200).body("id", hasItem("/api-test/web"));
    }

    @Test
    void what_a_get_answers_can_be_put_back_unchanged_without_a_new_configuration() {
        post("""
                {"id": "/api-test/roundtrip", "command": "sleep 600", "instances": 0, "ports": [{}],
                 "resources": {"cpus": 0.2, "memMb": 64},
                 "healthChecks": [{"protocol": "TCP", "intervalSeconds": 5}], "constraints": [["hostname", "UNIQUE"]],
                 "upgradeStrategy": {"minimumHealthCapacity": 0.5, "maximumOverCapacity": 0.2}}""").statusCode(201);
        Map<String, Object> got = given().get("/api/v1/services/api-test/roundtrip").then().extract().jsonPath().getMap("");
        given().contentType(ContentType.JSON).body(got).put("/api/v1/services/api-test/roundtrip").then().log().ifValidationFails()
                .statusCode(200).body("configVersion", equalTo(1)).body("version", equalTo(1));
        got.put("instances", 0);
        got.put("command", "sleep 700");
        given().contentType(ContentType.JSON).body(got).put("/api/v1/services/api-test/roundtrip").then().statusCode(200)
                .body("configVersion", equalTo(2)).body("command", equalTo("sleep 700"));
        given().post("/api/v1/services/api-test/roundtrip/restart").then().statusCode(200).body("configVersion", equalTo(3));
    }

    @Test
    void bad_input_is_refused_naming_every_field() {
        post("""
                {"id": "Bad_Id", "ports": [{"name": "a b"}],
                 "healthChecks": [{"protocol": "COMMAND"}, {"protocol": "HTTP", "portIndex": 3}],
                 "upgradeStrategy": {"minimumHealthCapacity": 0.9, "maximumOverCapacity": 0.2}, "instances": 3,
                 "container": {"image": "busybox", "privileged": true}, "dataJob": true}""")
                .statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItems("/id", "/ports/0/name", "/healthChecks/0/protocol",
                        "/healthChecks/1/portIndex", "/upgradeStrategy", "/container", "/dataJob"));
        post("{\"id\": \"/api-test/nothing\"}").statusCode(422).body("errors.field", hasItem("/command"));
        post("{\"id\": \"/api-test/neg\", \"command\": \"true\", \"instances\": -1}").statusCode(422)
                .body("errors.field", hasItem("/instances"));
        post("[1]").statusCode(400);
    }

    @Test
    void an_existing_id_conflicts_and_a_stale_version_is_refused() {
        post("{\"id\": \"/api-test/once\", \"command\": \"sleep 600\", \"instances\": 0}").statusCode(201);
        post("{\"id\": \"/api-test/once\", \"command\": \"sleep 600\", \"instances\": 0}").statusCode(409)
                .body("detail", containsString("already exists"));
        given().contentType(ContentType.JSON).header("If-Match", "\"7\"").body("{\"command\": \"sleep 1\", \"instances\": 0}")
                .put("/api/v1/services/api-test/once").then().statusCode(412);
        given().contentType(ContentType.JSON).body("{\"id\": \"/api-test/other\", \"command\": \"sleep 1\"}")
                .put("/api/v1/services/api-test/once").then().statusCode(422).body("errors.field", hasItem("/id"));
        given().get("/api/v1/services/api-test/missing").then().statusCode(404);
    }

    @Test
    void a_deleted_service_is_gone_from_the_api_at_once_and_its_id_free_once_nothing_runs() {
        post("{\"id\": \"/api-test/gone\", \"command\": \"sleep 600\", \"instances\": 0}").statusCode(201);
        given().delete("/api/v1/services/api-test/gone").then().statusCode(204);
        given().get("/api/v1/services/api-test/gone").then().statusCode(404);
        given().delete("/api/v1/services/api-test/gone").then().statusCode(404);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> post("{\"id\": \"/api-test/gone\", \"command\": \"sleep 600\", \"instances\": 0}")
                        .extract().statusCode() == 201);
    }
}
