package io.kairos.compat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

/** Marathon's v2 API as its documentation shows it: the example apps, the answers, the refusals. */
@QuarkusTest
class MarathonApiTest {

    @Test
    void marathons_documented_basic_app_is_accepted_with_marathons_defaults_and_answers() {
        // the "basic" example of Marathon's REST API reference, with instances 0 so that nothing runs
        given().contentType(ContentType.JSON).body("""
                {"id": "/marathon-docs/foo", "instances": 0, "cmd": "sleep 1000", "cpus": 0.1, "mem": 32, "disk": 0, "gpus": 0,
                 "backoffSeconds": 1, "backoffFactor": 1.15, "maxLaunchDelaySeconds": 3600,
                 "upgradeStrategy": {"minimumHealthCapacity": 1, "maximumOverCapacity": 1},
                 "portDefinitions": [{"protocol": "tcp", "port": 10004}], "requirePorts": false,
                 "env": {"LD_LIBRARY_PATH": "/usr/local/lib/myLib"}, "labels": {"environment": "staging"},
                 "constraints": [["hostname", "UNIQUE"]], "fetch": [{"uri": "https://example.invalid/a.tgz"}]}""")
                .post("/v2/apps").then().statusCode(201)
                .header("Warning", containsString("ignored: "))
                .header("Warning", containsString("fetch"))
                .body("id", equalTo("/marathon-docs/foo"))
                .body("mem", equalTo(32.0f))
                .body("maxLaunchDelaySeconds", equalTo(3600))
                .body("portDefinitions[0].port", equalTo(0))
                .body("deployments[0].id", notNullValue());
        given().contentType(ContentType.JSON).body("{\"id\": \"/marathon-docs/foo\", \"cmd\": \"sleep 1\", \"instances\": 0}")
                .post("/v2/apps").then().statusCode(409).body("message", containsString("already exists"));
        given().get("/v2/apps/marathon-docs/foo").then().statusCode(200)
                .body("app.env.LD_LIBRARY_PATH", equalTo("/usr/local/lib/myLib"))
                .body("app.constraints[0]", hasItems("hostname", "UNIQUE"))
                .body("app.tasks.size()", equalTo(0));
        given().queryParam("cmd", "sleep 1000").get("/v2/apps").then().body("apps.id", hasItem("/marathon-docs/foo"));
        given().queryParam("label", "environment==production").get("/v2/apps").then().body("apps.id", org.hamcrest.Matchers.not(hasItem("/marathon-docs/foo")));
        // and the same app through Kairos' own API
        given().get("/api/v1/services/marathon-docs/foo").then().statusCode(200).body("resources.memMb", equalTo(32));
        given().get("/v2/groups").then().statusCode(200).body("groups.id", hasItem("/marathon-docs"));
        given().get("/v2/groups/marathon-docs").then().statusCode(200).body("apps.id", hasItem("/marathon-docs/foo"));
        given().get("/v2/apps/marathon-docs/foo/versions").then().statusCode(200).body("versions.size()", equalTo(1));
    }

    @Test
    void a_docker_app_with_bridge_port_mappings_is_accepted_and_what_kairos_cannot_honour_is_refused_by_name() {
        given().contentType(ContentType.JSON).body("""
                {"id": "marathon-docs/nginx", "instances": 0, "cpus": 0.25, "mem": 64,
                 "container": {"type": "DOCKER", "docker": {"image": "nginx:1.25", "network": "BRIDGE",
                   "portMappings": [{"containerPort": 80, "hostPort": 0, "protocol": "tcp", "name": "web"}]}},
                 "healthChecks": [{"protocol": "MESOS_HTTP", "path": "/", "portIndex": 0}]}""")
                .post("/v2/apps").then().statusCode(201)
                .body("container.docker.image", equalTo("nginx:1.25"))
                .body("container.docker.network", equalTo("BRIDGE"))
                .body("container.docker.portMappings[0].containerPort", equalTo(80))
                .body("container.docker.portMappings[0].hostPort", equalTo(0))
                .body("container.docker.portMappings[0].name", equalTo("web"))
                .body("portDefinitions", empty())
                .body("healthChecks[0].protocol", equalTo("HTTP"));
        given().get("/api/v1/services/marathon-docs/nginx").then().statusCode(200).body("ports[0].containerPort", equalTo(80));
        given().contentType(ContentType.JSON).body("""
                {"id": "/marathon-docs/commanded", "cmd": "sleep 100", "instances": 0,
                 "healthChecks": [{"protocol": "COMMAND", "command": {"value": "test -f ready"}, "intervalSeconds": 3}]}""")
                .post("/v2/apps").then().statusCode(201)
                .body("healthChecks[0].protocol", equalTo("COMMAND"))
                .body("healthChecks[0].command.value", equalTo("test -f ready"));
        given().contentType(ContentType.JSON).body("""
                {"id": "/marathon-docs/bad", "cmd": "sleep 1", "cpus": -1,
                 "container": {"type": "DOCKER", "docker": {"image": "x", "privileged": true}},
                 "healthChecks": [{"protocol": "COMMAND", "command": "true"}, {"protocol": "GRPC"}]}""")
                .post("/v2/apps").then().statusCode(422)
                .body("errors.field", hasItems("/container/docker/privileged", "/healthChecks/0/command/value",
                        "/healthChecks/1/protocol"));
        given().contentType(ContentType.JSON).body("{\"id\": \"/marathon-docs/cpus\", \"cmd\": \"sleep 1\", \"cpus\": -1}")
                .post("/v2/apps").then().statusCode(422).body("errors.field", hasItem("/cpus"));
    }

    @Test
    void a_put_creates_a_missing_app_and_changes_one_field_of_an_existing_one() {
        given().contentType(ContentType.JSON).body("{\"cmd\": \"sleep 100\", \"instances\": 0}")
                .put("/v2/apps/marathon-docs/put").then().statusCode(201).body("deploymentId", notNullValue());
        given().contentType(ContentType.JSON).body("{\"cmd\": \"sleep 200\"}").put("/v2/apps/marathon-docs/put").then().statusCode(200)
                .body("version", notNullValue()).body("deploymentId", notNullValue());
        given().get("/v2/apps/marathon-docs/put").then().body("app.cmd", equalTo("sleep 200")).body("app.instances", equalTo(0));
        given().delete("/v2/apps/marathon-docs/put").then().statusCode(200).body("deploymentId", notNullValue());
        given().get("/v2/apps/marathon-docs/put").then().statusCode(404);
    }

    @Test
    void the_scheduler_answers_ping_info_leader_and_queue() {
        given().get("/ping").then().statusCode(200).body(equalTo("pong"));
        given().get("/v2/info").then().statusCode(200).body("name", equalTo("marathon")).body("leader", notNullValue());
        given().get("/v2/leader").then().statusCode(200).body("leader", notNullValue());
        given().get("/v2/queue").then().statusCode(200).body("queue", notNullValue());
        given().get("/v2/deployments").then().statusCode(200);
        given().delete("/v2/deployments/not-a-uuid").then().statusCode(404);
    }

    @io.quarkus.test.common.http.TestHTTPResource("/v2/events")
    java.net.URI events;

    @Test
    void the_event_stream_tells_of_deployments_and_task_status_as_marathon_names_them() throws Exception {
        java.util.List<String> lines = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.util.concurrent.CompletableFuture<?> reading = http.sendAsync(java.net.http.HttpRequest.newBuilder(events)
                .header("Accept", "text/event-stream").build(), java.net.http.HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> r.body().forEach(lines::add));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> lines.stream().anyMatch(l -> l.contains("event_stream_attached")));
        given().contentType(ContentType.JSON).body("{\"id\": \"/marathon-docs/events\", \"cmd\": \"sleep 600\", \"cpus\": 0.01,"
                + " \"mem\": 8, \"instances\": 1}").post("/v2/apps").then().statusCode(201);
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
                synchronized (lines) {
                    return lines.contains("event:deployment_info") && lines.contains("event:deployment_success")
                            && lines.stream().anyMatch(l -> l.contains("\"taskStatus\":\"TASK_RUNNING\"") && l.contains("/marathon-docs/events"));
                }
            });
        } finally {
            reading.cancel(true);
            given().delete("/v2/apps/marathon-docs/events").then().statusCode(200);
        }
    }
}
