package io.kairos.service;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
                .body("deployment.kind", equalTo("CREATE"))
                .body("counts.running", equalTo(0));
        given().get("/api/v1/services/api-test/web").then().statusCode(200)
                .header("ETag", "\"0\"")
                .body("ports[0].name", equalTo("http"))
                .body("labels.team", equalTo("web"));
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
        given().queryParam("force", true).post("/api/v1/services/api-test/roundtrip/restart").then().statusCode(200)
                .body("configVersion", equalTo(3)).body("deployment.kind", equalTo("RESTART"));
    }

    @Test
    void bad_input_is_refused_naming_every_field() {
        post("""
                {"id": "Bad_Id", "ports": [{"name": "a b"}, {"containerPort": 70000}],
                 "healthChecks": [{"protocol": "COMMAND"}, {"protocol": "HTTP", "portIndex": 3},
                                  {"protocol": "GRPC"}, {"protocol": "TCP", "command": "true"}],
                 "upgradeStrategy": {"minimumHealthCapacity": 0.9, "maximumOverCapacity": 0.2}, "instances": 3,
                 "container": {"image": "busybox", "privileged": true}, "dataJob": true}""")
                .statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItems("/id", "/ports/0/name", "/ports/1/containerPort", "/healthChecks/0/command",
                        "/healthChecks/1/portIndex", "/healthChecks/2/protocol", "/healthChecks/3/command", "/upgradeStrategy",
                        "/container", "/dataJob"));
        post("{\"id\": \"/api-test/mapped\", \"command\": \"sleep 9\", \"ports\": [{\"containerPort\": 80}]}").statusCode(422)
                .body("errors.find { it.field == '/ports/0/containerPort' }.message", containsString("is for a service with an image"));
        post("{\"id\": \"/api-test/nothing\"}").statusCode(422).body("errors.field", hasItem("/command"));
        post("{\"id\": \"/api-test/neg\", \"command\": \"true\", \"instances\": -1}").statusCode(422)
                .body("errors.field", hasItem("/instances"));
        post("[1]").statusCode(400);
    }

    @Test
    void a_command_check_and_a_container_port_are_kept_and_a_new_container_port_is_a_new_configuration() {
        post("""
                {"id": "/api-test/checked", "instances": 0, "container": {"image": "busybox"}, "command": "httpd -f -p 80",
                 "ports": [{"name": "web", "containerPort": 80}],
                 "healthChecks": [{"protocol": "COMMAND", "command": "test -f /tmp/ready", "intervalSeconds": 5}]}""")
                .statusCode(201).body("ports[0].containerPort", equalTo(80)).body("healthChecks[0].protocol", equalTo("COMMAND"))
                .body("healthChecks[0].command", equalTo("test -f /tmp/ready"));
        given().contentType(ContentType.JSON).body("""
                {"instances": 0, "container": {"image": "busybox"}, "command": "httpd -f -p 80",
                 "ports": [{"name": "web", "containerPort": 8080}],
                 "healthChecks": [{"protocol": "COMMAND", "command": "test -f /tmp/ready", "intervalSeconds": 5}]}""")
                .put("/api/v1/services/api-test/checked").then().statusCode(200).body("configVersion", equalTo(2));
    }

    @Test
    void a_service_priority_defaults_to_0_is_shown_and_is_refused_outside_minus_1000_to_1000_or_when_not_a_whole_number() {
        post("{\"id\": \"/api-test/prio-default\", \"command\": \"sleep 600\", \"instances\": 0}").statusCode(201)
                .body("priority", equalTo(0));
        post("{\"id\": \"/api-test/prio\", \"command\": \"sleep 600\", \"instances\": 0, \"priority\": 250}").statusCode(201)
                .body("priority", equalTo(250));
        given().get("/api/v1/services/api-test/prio").then().statusCode(200).body("priority", equalTo(250));
        post("{\"id\": \"/api-test/prio-high\", \"command\": \"sleep 600\", \"instances\": 0, \"priority\": 1001}")
                .statusCode(422).contentType("application/problem+json").body("errors.field", hasItem("/priority"));
        post("{\"id\": \"/api-test/prio-word\", \"command\": \"sleep 600\", \"instances\": 0, \"priority\": \"high\"}")
                .statusCode(422).contentType("application/problem+json").body("errors.field", hasItem("/priority"));
        given().get("/api/v1/services/api-test/prio-high").then().statusCode(404);
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

    @Test
    void a_deployment_is_listed_until_done_locks_its_service_and_is_rolled_back_when_cancelled() {
        // an instance whose check never passes keeps its deployment running
        post("""
                {"id": "/api-test/locked", "command": "sleep 600", "instances": 1, "resources": {"cpus": 0.01, "memMb": 8},
                 "ports": [{}], "healthChecks": [{"protocol": "TCP", "gracePeriodSeconds": 600, "intervalSeconds": 5,
                 "maxConsecutiveFailures": 1000}]}""").statusCode(201).body("deployment.kind", equalTo("CREATE"));
        Map<String, Object> def = given().get("/api/v1/services/api-test/locked").then().extract().jsonPath().getMap("");
        def.put("command", "sleep 601");
        String upgrade = given().contentType(ContentType.JSON).body(def).put("/api/v1/services/api-test/locked").then()
                .statusCode(200).body("deployment.kind", equalTo("UPGRADE")).body("configVersion", equalTo(2))
                .extract().path("deployment.id");
        given().get("/api/v1/deployments").then().statusCode(200).body("id", hasItem(upgrade));
        def.put("command", "sleep 602");
        given().contentType(ContentType.JSON).body(def).put("/api/v1/services/api-test/locked").then().statusCode(409)
                .body("detail", containsString("locked by deployment " + upgrade));
        def.put("instances", 2);
        def.put("command", "sleep 601");
        given().contentType(ContentType.JSON).body(def).put("/api/v1/services/api-test/locked").then().statusCode(200)
                .body("deployment.kind", equalTo("SCALE"));
        given().get("/api/v1/deployments/" + upgrade).then().statusCode(200).body("state", equalTo("SUPERSEDED"));
        def.put("command", "sleep 603");
        String forced = given().contentType(ContentType.JSON).body(def).queryParam("force", true)
                .put("/api/v1/services/api-test/locked").then().statusCode(200).body("configVersion", equalTo(3))
                .extract().path("deployment.id");
        def.put("command", "sleep 604");
        given().contentType(ContentType.JSON).body(def).put("/api/v1/services/api-test/locked").then().statusCode(409);
        given().delete("/api/v1/deployments/" + forced).then().statusCode(200).body("kind", equalTo("ROLLBACK"))
                .body("toConfig", equalTo(2));
        given().get("/api/v1/services/api-test/locked").then().body("command", equalTo("sleep 601")).body("configVersion", equalTo(2))
                .body("instances", equalTo(2));
        given().get("/api/v1/deployments/" + forced).then().body("state", equalTo("CANCELLED"));
        given().delete("/api/v1/deployments/" + forced).then().statusCode(409);
        given().delete("/api/v1/deployments/not-a-uuid").then().statusCode(404);
        given().delete("/api/v1/services/api-test/locked").then().statusCode(204);
    }

    @Test
    void cancels_racing_for_one_deployment_roll_it_back_once() throws Exception {
        post("""
                {"id": "/api-test/racing", "command": "sleep 600", "instances": 1, "resources": {"cpus": 0.01, "memMb": 8},
                 "ports": [{}], "healthChecks": [{"protocol": "TCP", "gracePeriodSeconds": 600, "intervalSeconds": 5,
                 "maxConsecutiveFailures": 1000}]}""").statusCode(201);
        Map<String, Object> def = given().get("/api/v1/services/api-test/racing").then().extract().jsonPath().getMap("");
        for (int round = 0; round < 5; round++) {
            def.put("command", "sleep " + (700 + round));
            String upgrade = given().contentType(ContentType.JSON).body(def).queryParam("force", true)
                    .put("/api/v1/services/api-test/racing").then().statusCode(200).extract().path("deployment.id");
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(4);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return given().delete("/api/v1/deployments/" + upgrade).then().extract().statusCode();
                }));
            }
            List<Integer> codes = new java.util.ArrayList<>();
            for (var a : answers) {
                codes.add(a.get());
            }
            pool.shutdown();
            java.util.Collections.sort(codes);
            assertEquals(List.of(200, 409, 409, 409), codes, "one cancel rolls back, the others find it cancelled");
            List<Map<String, Object>> rollbacks = given().queryParam("all", true).get("/api/v1/deployments").then().extract()
                    .jsonPath().<Map<String, Object>>getList("").stream()
                    .filter(d -> "/api-test/racing".equals(d.get("serviceId")) && "ROLLBACK".equals(d.get("kind"))).toList();
            assertEquals(round + 1, rollbacks.size(), "one rollback per cancelled upgrade: " + rollbacks);
        }
        given().delete("/api/v1/services/api-test/racing").then().statusCode(204);
    }

    @Test
    void a_service_that_settles_finishes_its_deployment() {
        String id = post("{\"id\": \"/api-test/settles\", \"command\": \"sleep 600\", \"instances\": 0}").statusCode(201)
                .extract().path("deployment.id");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> "SUCCEEDED".equals(given().get("/api/v1/deployments/" + id).then().extract().path("state")));
        given().get("/api/v1/services/api-test/settles").then().body("deployment", nullValue());
    }

    @Test
    void a_service_that_cannot_be_placed_says_why_and_stops_saying_it_once_it_can() {
        post("""
                {"id": "/api-test/gpu", "command": "sleep 600", "instances": 1, "resources": {"cpus": 0.01, "memMb": 8, "gpus": 1}}""")
                .statusCode(201);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> {
            String why = given().get("/api/v1/services/api-test/gpu").then().extract().path("waitingFor");
            return why != null && why.contains("gpus");
        });
        Map<String, Object> def = given().get("/api/v1/services/api-test/gpu").then().extract().jsonPath().getMap("");
        def.put("instances", 0);
        given().contentType(ContentType.JSON).body(def).put("/api/v1/services/api-test/gpu").then().statusCode(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> given().get("/api/v1/services/api-test/gpu").then().extract().path("waitingFor") == null);
        given().delete("/api/v1/services/api-test/gpu").then().statusCode(204);
    }
}
