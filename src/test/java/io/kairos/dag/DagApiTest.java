package io.kairos.dag;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parents over the API: validation against the stored graph, deletion, the graph endpoints. */
@QuarkusTest
class DagApiTest {

    private static void create(String name, String parents) {
        given().contentType(ContentType.JSON).body("{\"name\":\"%s\",\"command\":\"true\",\"parents\":%s}".formatted(name, parents))
                .post("/api/v1/jobs").then().statusCode(201);
    }

    @Test
    void parents_and_soft_error_are_stored_and_returned_like_every_field() {
        create("api-p", "[]");
        given().contentType(ContentType.JSON).body("{\"name\":\"api-c\",\"command\":\"true\",\"parents\":[\"api-p\"],\"softError\":true}")
                .post("/api/v1/jobs").then().statusCode(201);
        given().get("/api/v1/jobs/api-c").then().statusCode(200)
                .body("parents", equalTo(List.of("api-p"))).body("softError", equalTo(true));
        given().get("/api/v1/jobs/api-p").then().body("parents", equalTo(List.of())).body("softError", equalTo(false));
    }

    @Test
    void a_change_that_would_close_a_cycle_is_refused_with_the_cycle_spelled_out() {
        create("cy-a", "[]");
        create("cy-b", "[\"cy-a\"]");
        create("cy-c", "[\"cy-b\"]");
        given().contentType(ContentType.JSON).body("{\"command\":\"true\",\"parents\":[\"cy-c\"]}").put("/api/v1/jobs/cy-a")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("/parents"))
                .body("errors[0].message", containsString("cy-a -> cy-b -> cy-c -> cy-a"));
        given().get("/api/v1/jobs/cy-a").then().body("parents", equalTo(List.of()));
    }

    @Test
    void a_job_cannot_be_its_own_parent() {
        given().contentType(ContentType.JSON).body("{\"name\":\"self\",\"command\":\"true\",\"parents\":[\"self\"]}")
                .post("/api/v1/jobs").then().statusCode(422)
                .body("errors[0].field", equalTo("/parents")).body("errors[0].message", containsString("self -> self"));
        given().get("/api/v1/jobs/self").then().statusCode(404);
    }

    @Test
    void an_unknown_parent_is_refused_naming_its_index() {
        create("known", "[]");
        given().contentType(ContentType.JSON).body("{\"name\":\"orphan\",\"command\":\"true\",\"parents\":[\"known\",\"nobody\"]}")
                .post("/api/v1/jobs").then().statusCode(422)
                .body("errors.field", equalTo(List.of("/parents/1")))
                .body("errors[0].message", containsString("nobody"));
        given().get("/api/v1/jobs/orphan").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"name\":\"twice\",\"command\":\"true\",\"parents\":[\"known\",\"known\"]}")
                .post("/api/v1/jobs").then().statusCode(422).body("errors.field", hasItem("/parents/1"));
    }

    @Test
    void deleting_a_parent_is_refused_unless_its_children_are_detached() {
        create("del-p", "[]");
        create("del-q", "[]");
        create("del-c", "[\"del-p\",\"del-q\"]");
        given().delete("/api/v1/jobs/del-p").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("del-c")).body("detail", containsString("detachChildren=true"));
        given().get("/api/v1/jobs/del-p").then().statusCode(200);
        given().delete("/api/v1/jobs/del-p?detachChildren=true").then().statusCode(204);
        given().get("/api/v1/jobs/del-p").then().statusCode(404);
        given().get("/api/v1/jobs/del-c").then().statusCode(200).body("parents", equalTo(List.of("del-q")));
        // the child is an ordinary job again as far as del-p is concerned; a child itself deletes freely
        given().delete("/api/v1/jobs/del-c").then().statusCode(204);
        given().delete("/api/v1/jobs/del-q").then().statusCode(204);
    }

    @Test
    void the_graph_lists_jobs_parents_first_with_their_edges_and_renders_as_dot() {
        create("g-root", "[]");
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"g-leaf\",\"command\":\"true\",\"parents\":[\"g-root\"],\"schedule\":{\"cron\":\"0 3 * * *\"}}")
                .post("/api/v1/jobs").then().statusCode(201);
        List<Map<String, Object>> nodes = given().get("/api/v1/graph").then().statusCode(200).contentType(ContentType.JSON)
                .body("edges", hasItem(Map.of("from", "g-root", "to", "g-leaf")))
                .extract().jsonPath().getList("nodes");
        List<String> names = nodes.stream().map(n -> (String) n.get("name")).toList();
        assertTrue(names.indexOf("g-root") < names.indexOf("g-leaf"), names.toString());
        Map<String, Object> leaf = nodes.get(names.indexOf("g-leaf"));
        assertTrue(leaf.containsKey("lastState") && leaf.get("lastState") == null, leaf.toString());
        assertTrue(leaf.get("schedule").toString().contains("0 3 * * *"), leaf.toString());
        given().get("/api/v1/graph/dot").then().statusCode(200).contentType(startsWith("text/vnd.graphviz"))
                .body(startsWith("digraph kairos {"))
                .body(containsString("\"g-root\" -> \"g-leaf\";"));
    }
}
