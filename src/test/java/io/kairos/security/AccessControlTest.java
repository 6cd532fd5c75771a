package io.kairos.security;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/** With KAIROS_AUTH=on: who may do what, on Kairos' own API and on the Chronos and Livy paths. */
@QuarkusTest
@TestProfile(AccessControlTest.AuthOn.class)
class AccessControlTest {

    static final String ADMIN = "test-admin-secret-0123456789";

    public static class AuthOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kairos.auth", "on", "kairos.admin-token", ADMIN);
        }
    }

    static String viewer;
    static String devA;
    static String operator;

    /** Once per class, but with the application up (a static @BeforeAll runs before the test port is known). */
    @BeforeEach
    void tokens() {
        if (viewer != null) {
            return;
        }
        viewer = token("viewer-1", "viewer", "[]");
        devA = token("dev-a", "developer", "[\"team-a\"]");
        operator = token("ops-1", "operator", "[]");
        as(ADMIN).contentType(ContentType.JSON).body("{\"name\":\"job-of-b\",\"owner\":\"team-b\",\"command\":\"true\"}")
                .post("/api/v1/jobs").then().statusCode(201);
    }

    static String token(String name, String role, String teams) {
        return as(ADMIN).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"role\":\"" + role + "\",\"teams\":" + teams + "}")
                .post("/api/v1/tokens").then().statusCode(201)
                .body("token", startsWith("kairos_")).extract().path("token");
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    @Test
    void every_api_family_answers_401_problem_without_a_token() {
        given().get("/api/v1/jobs").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer")).body("detail", containsString("token"));
        given().get("/v1/scheduler/jobs").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Basic"));
        given().get("/batches").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Basic"));
        // Chronos 2.x's prefix and the statistics are behind the same door
        for (String path : List.of("/scheduler/jobs", "/scheduler/graph/csv", "/v1/scheduler/stats/median",
                "/scheduler/job/stat/job-of-b")) {
            given().get(path).then().statusCode(401).header("WWW-Authenticate", startsWith("Basic"));
        }
        given().header("Authorization", "Bearer kairos_not-a-token").get("/api/v1/runs/1").then().statusCode(401)
                .body("detail", containsString("not one Kairos knows"));
    }

    @Test
    void compatibility_clients_authenticate_with_the_token_as_basic_password() {
        given().auth().preemptive().basic("anyone", viewer).get("/v1/scheduler/jobs").then().statusCode(200);
        given().auth().preemptive().basic("anyone", viewer).get("/batches").then().statusCode(200);
        given().auth().preemptive().basic("anyone", "wrong-secret").get("/batches").then().statusCode(401);
    }

    @Test
    void a_viewer_reads_but_changes_nothing_on_any_family() {
        as(viewer).get("/api/v1/jobs").then().statusCode(200);
        as(viewer).contentType(ContentType.JSON).body("{\"name\":\"by-viewer\",\"command\":\"true\"}")
                .post("/api/v1/jobs").then().statusCode(403).contentType("application/problem+json");
        as(viewer).post("/api/v1/jobs/job-of-b/runs").then().statusCode(403);
        given().auth().preemptive().basic("u", viewer).contentType(ContentType.JSON)
                .body("{\"name\":\"by-viewer\",\"command\":\"true\",\"schedule\":\"R/2030-01-01T00:00:00Z/PT1H\",\"owner\":\"x\"}")
                .post("/v1/scheduler/iso8601").then().statusCode(403);
        given().auth().preemptive().basic("u", viewer).contentType(ContentType.JSON)
                .body("{\"name\":\"by-viewer\",\"command\":\"true\",\"schedule\":\"R/2030-01-01T00:00:00Z/PT1H\",\"owner\":\"x\"}")
                .put("/scheduler/iso8601").then().statusCode(403);
        given().auth().preemptive().basic("u", viewer).delete("/scheduler/job/job-of-b").then().statusCode(403);
        given().auth().preemptive().basic("u", viewer).get("/scheduler/job/stat/job-of-b").then().statusCode(200);
        given().auth().preemptive().basic("u", viewer).contentType(ContentType.JSON)
                .body("{\"file\":\"/tmp/app.jar\",\"className\":\"A\"}").post("/batches").then().statusCode(403);
        as(ADMIN).get("/api/v1/jobs/by-viewer").then().statusCode(404);
    }

    @Test
    void a_developers_livy_batch_without_proxy_user_belongs_to_its_team_so_it_may_kill_it() {
        int id = given().auth().preemptive().basic("u", devA).contentType(ContentType.JSON)
                .body("{\"file\":\"/tmp/no-such-app.jar\",\"className\":\"A\",\"name\":\"dev-a-batch\"}").post("/batches")
                .then().statusCode(201).extract().path("id");
        as(ADMIN).get("/api/v1/jobs?owner=team-a&q=livy-dev-a-batch").then().statusCode(200).body("total", equalTo(1));
        given().auth().preemptive().basic("u", devA).delete("/batches/" + id).then().statusCode(200);
    }

    @Test
    void a_developer_changes_and_runs_only_jobs_its_teams_own() {
        as(devA).contentType(ContentType.JSON).body("{\"name\":\"job-of-a\",\"owner\":\"team-a\",\"command\":\"true\"}")
                .post("/api/v1/jobs").then().statusCode(201);
        as(devA).post("/api/v1/jobs/job-of-a/runs").then().statusCode(201);
        as(devA).contentType(ContentType.JSON).body("{\"name\":\"sneaky\",\"owner\":\"team-b\",\"command\":\"true\"}")
                .post("/api/v1/jobs").then().statusCode(403).body("errors.field", hasItem("/owner"));
        as(devA).contentType(ContentType.JSON).body("{\"name\":\"job-of-b\",\"owner\":\"team-a\",\"command\":\"id\"}")
                .put("/api/v1/jobs/job-of-b").then().statusCode(403);
        as(devA).contentType(ContentType.JSON).body("{\"name\":\"job-of-a\",\"owner\":\"team-b\",\"command\":\"true\"}")
                .put("/api/v1/jobs/job-of-a").then().statusCode(403);
        as(devA).post("/api/v1/jobs/job-of-b/runs").then().statusCode(403);
        as(devA).delete("/api/v1/jobs/job-of-b").then().statusCode(403);
        given().auth().preemptive().basic("u", devA).put("/v1/scheduler/job/job-of-b").then().statusCode(403);
        as(ADMIN).get("/api/v1/jobs/job-of-b").then().statusCode(200).body("command", equalTo("true"))
                .body("owner", equalTo("team-b"));
    }

    @Test
    void an_operator_runs_and_kills_any_job_but_edits_none() {
        // a run that is still going when the kill comes (one of `true` may have ended: 409)
        as(ADMIN).contentType(ContentType.JSON).body("{\"name\":\"long-of-b\",\"owner\":\"team-b\",\"command\":\"sleep 60\"}")
                .post("/api/v1/jobs").then().statusCode(201);
        long run = as(operator).post("/api/v1/jobs/long-of-b/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        as(operator).post("/api/v1/runs/" + run + "/kill").then().statusCode(200);
        as(operator).contentType(ContentType.JSON).body("{\"name\":\"job-of-b\",\"owner\":\"team-b\",\"command\":\"id\"}")
                .put("/api/v1/jobs/job-of-b").then().statusCode(403);
        as(operator).contentType(ContentType.JSON).body("{\"weight\": 5}").put("/api/v1/roles/ops").then().statusCode(403);
        as(ADMIN).contentType(ContentType.JSON).body("{\"weight\": 5}").put("/api/v1/roles/ops").then().statusCode(200);
    }

    @Test
    void tokens_are_listed_without_secrets_and_revoked_at_once() {
        String temp = token("temp-1", "viewer", "[]");
        as(temp).get("/api/v1/jobs").then().statusCode(200);
        String listed = as(ADMIN).get("/api/v1/tokens").then().statusCode(200)
                .body("name", hasItem("temp-1")).body("name", hasItem("admin")).extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(listed.contains(temp), "a listed token shows its secret");
        org.junit.jupiter.api.Assertions.assertFalse(listed.contains(ADMIN), "the admin token's secret is listed");
        as(devA).get("/api/v1/tokens").then().statusCode(403);
        given().get("/api/v1/tokens").then().statusCode(401);
        as(operator).contentType(ContentType.JSON).body("{\"name\":\"mine\",\"role\":\"admin\"}").post("/api/v1/tokens")
                .then().statusCode(403).contentType("application/problem+json");
        as(operator).delete("/api/v1/tokens/admin").then().statusCode(403);
        as(ADMIN).contentType(ContentType.JSON).body("{\"role\":\"viewer\"}").post("/api/v1/tokens")
                .then().statusCode(422).body("errors.field", hasItem("/name"));
        as(ADMIN).contentType(ContentType.JSON).body("{\"name\":\"dev-none\",\"role\":\"developer\"}").post("/api/v1/tokens")
                .then().statusCode(422).body("errors.field", hasItem("/teams"));
        as(ADMIN).contentType(ContentType.JSON).body("{\"name\":\"temp-1\",\"role\":\"viewer\"}").post("/api/v1/tokens")
                .then().statusCode(409);
        as(ADMIN).contentType(ContentType.JSON).body("{\"name\":\"bad\",\"role\":\"root\"}").post("/api/v1/tokens")
                .then().statusCode(422).body("errors.field", hasItem("/role"));
        as(ADMIN).delete("/api/v1/tokens/temp-1").then().statusCode(204);
        as(temp).get("/api/v1/jobs").then().statusCode(401);
        as(ADMIN).delete("/api/v1/tokens/temp-1").then().statusCode(404);
        as(ADMIN).delete("/api/v1/tokens/admin").then().statusCode(409).body("detail", containsString("last admin"));
        as(ADMIN).get("/api/v1/tokens").then().body("token", not(hasItem(notNullValue())));
    }

    @Test
    void health_stays_open_for_probes_and_metrics_need_a_token() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(401);
        as(viewer).get("/q/metrics").then().statusCode(200);
    }
}
