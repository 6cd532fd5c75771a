package io.kairos.cluster;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI description at /q/openapi covers the API, each operation summarised, and Swagger UI serves it. */
@QuarkusTest
class OpenApiTest {

    private static JsonPath spec() {
        return given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void the_main_paths_are_described_with_their_models() {
        JsonPath spec = spec();
        Map<String, Object> paths = spec.getMap("paths");
        for (String p : List.of("/api/v1/jobs", "/api/v1/jobs/{name}", "/api/v1/jobs/{name}/runs", "/api/v1/jobs/{name}/backfill",
                "/api/v1/runs/{id}", "/api/v1/runs/{id}/kill", "/api/v1/runs/{id}/log", "/api/v1/queue", "/api/v1/agents",
                "/api/v1/agents/{id}/drain", "/api/v1/roles/{name}", "/api/v1/graph", "/api/v1/schedules/preview",
                "/v1/scheduler/jobs")) {
            assertTrue(paths.containsKey(p), p + " is described; paths: " + paths.keySet());
        }
        assertFalse(paths.containsKey("/agents"), "the console's pages are not part of the API");
        Map<String, Object> schemas = spec.getMap("components.schemas");
        for (String model : List.of("JobDefinition", "JobView", "RunView", "AgentView", "RoleView", "Problem")) {
            assertTrue(schemas.containsKey(model), model + " is described; schemas: " + schemas.keySet());
        }
        assertEquals("JobDefinition", spec.getString("paths.'/api/v1/jobs'.post.requestBody.content.'application/json'.schema.'$ref'")
                .replace("#/components/schemas/", ""));
        for (String model : List.of("JobDefinition", "RunView", "AgentView", "RoleView", "Amount", "Problem")) {
            assertTrue(spec.getString("components.schemas." + model + ".description").length() > 20, model + " is described in words");
        }
        assertEquals("Kairos API", spec.getString("info.title"));
    }

    @Test
    void every_operation_has_a_summary_and_a_tag() {
        JsonPath spec = spec();
        Map<String, Map<String, Object>> paths = spec.getMap("paths");
        List<String> bare = new ArrayList<>();
        paths.forEach((path, ops) -> ops.forEach((method, op) -> {
            if (op instanceof Map<?, ?> o && (o.get("summary") == null || o.get("tags") == null)) {
                bare.add(method + " " + path);
            }
        }));
        assertTrue(bare.isEmpty(), "operations without a summary or tag: " + bare);
    }

    @Test
    void swagger_ui_is_served() {
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
