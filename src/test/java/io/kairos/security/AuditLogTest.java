package io.kairos.security;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.kairos.security.AccessControlTest.ADMIN;
import static io.kairos.security.AccessControlTest.as;
import static io.kairos.security.AccessControlTest.token;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With KAIROS_AUTH=on: every change a developer and an operator make is in the audit log under their token's name,
 * with a job's diff showing a secret only as changed, and a change refused leaves no row.
 */
@QuarkusTest
@TestProfile(AccessControlTest.AuthOn.class)
class AuditLogTest {

    private static final String FIRST_SECRET = "first-pw-7f3a9c";
    private static final String SECOND_SECRET = "second-pw-2b8e1d";

    static String developer;
    static String operator;
    static String viewer;

    @BeforeEach
    void tokens() {
        if (developer != null) {
            return;
        }
        developer = token("audit-dev", "developer", "[\"team-audit\"]");
        operator = token("audit-ops", "operator", "[]");
        viewer = token("audit-viewer", "viewer", "[]");
    }

    private static JsonPath audit(String query) {
        return as(ADMIN).get("/api/v1/audit?" + query).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void a_developers_job_changes_runs_and_kills_are_audited_under_its_name_with_the_secret_shown_only_as_changed() {
        as(developer).contentType(ContentType.JSON).body("{\"name\":\"audited\",\"owner\":\"team-audit\",\"command\":\"sleep 30\","
                + "\"secrets\":{\"DB_PASSWORD\":\"" + FIRST_SECRET + "\"}}").post("/api/v1/jobs").then().statusCode(201);
        String etag = as(developer).contentType(ContentType.JSON).body("{\"name\":\"audited\",\"owner\":\"team-audit\","
                        + "\"command\":\"sleep 60\",\"schedule\":{\"cron\":\"0 3 * * *\"},\"secrets\":{\"DB_PASSWORD\":\"" + SECOND_SECRET + "\"}}")
                .put("/api/v1/jobs/audited").then().statusCode(200).extract().header("ETag");
        long run = as(developer).post("/api/v1/jobs/audited/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        as(developer).post("/api/v1/runs/" + run + "/kill").then().statusCode(200);
        // ended before the delete, which would otherwise kill it again (a second run.kill, of the delete)
        await().atMost(Duration.ofSeconds(60)).until(() -> "KILLED".equals(as(developer).get("/api/v1/runs/" + run).path("state")));
        as(developer).header("If-Match", etag).delete("/api/v1/jobs/audited").then().statusCode(204);

        JsonPath job = audit("target=audited");
        assertEquals(List.of("job.delete", "run.now", "job.update", "job.create"), job.getList("action"), "newest first");
        assertEquals(List.of("audit-dev", "audit-dev", "audit-dev", "audit-dev"), job.getList("actor"));
        assertEquals("added", job.getString("[3].diff.secrets.DB_PASSWORD"));
        assertEquals(Map.of("from", "sleep 30", "to", "sleep 60"), job.getMap("[2].diff.command"));
        // an on-demand job given a schedule: the schedule appears whole
        assertEquals("0 3 * * *", job.getString("[2].diff.schedule.to.cron"));
        assertTrue(job.getMap("[2].diff.schedule").containsKey("from"));
        assertNull(job.get("[2].diff.schedule.from"));
        assertEquals(Map.of("DB_PASSWORD", "changed"), job.getMap("[2].diff.secrets"));
        assertNull(job.get("[2].diff.name"), "an unchanged field is not in the diff");
        assertEquals("removed", job.getString("[0].diff.secrets.DB_PASSWORD"));
        assertEquals("run " + run, job.getString("[1].detail"));

        audit("target=" + run).getList("action").forEach(a -> assertEquals("run.kill", a));
        as(ADMIN).get("/api/v1/audit?target=" + run + "&action=run.kill").then().statusCode(200)
                .body("", hasSize(1)).body("[0].actor", equalTo("audit-dev"));

        String everything = as(ADMIN).get("/api/v1/audit?limit=1000").then().statusCode(200).extract().asString();
        assertFalse(everything.contains(FIRST_SECRET) || everything.contains(SECOND_SECRET), "a secret's value is in the audit log");
    }

    @Test
    void an_operators_drain_and_undrain_are_audited_with_the_agent_as_target() {
        await().atMost(Duration.ofSeconds(60)).until(() -> !as(ADMIN).get("/api/v1/agents").jsonPath().getList("id").isEmpty());
        String agent = as(operator).get("/api/v1/agents").then().statusCode(200).extract().path("[0].id");
        try {
            as(operator).post("/api/v1/agents/" + agent + "/drain").then().statusCode(200);
        } finally {
            as(operator).post("/api/v1/agents/" + agent + "/undrain").then().statusCode(200);
        }
        JsonPath rows = audit("actor=audit-ops");
        assertEquals(List.of("agent.undrain", "agent.drain"), rows.getList("action"));
        assertEquals(List.of(agent, agent), rows.getList("target"));
        as(ADMIN).get("/api/v1/audit?actor=audit-ops&action=agent.drain").then().body("target", equalTo(List.of(agent)));
    }

    @Test
    void a_refused_change_leaves_no_row() {
        as(developer).contentType(ContentType.JSON).body("{\"name\":\"audited-stale\",\"owner\":\"team-audit\",\"command\":\"sleep 30\"}")
                .post("/api/v1/jobs").then().statusCode(201);
        as(developer).contentType(ContentType.JSON).header("If-Match", "\"999\"")
                .body("{\"name\":\"audited-stale\",\"owner\":\"team-audit\",\"command\":\"id\"}")
                .put("/api/v1/jobs/audited-stale").then().statusCode(412);
        // the owner is checked after the row is read: a refused hand-over to another team is rolled back with the rest
        as(developer).contentType(ContentType.JSON).body("{\"name\":\"audited-stale\",\"owner\":\"team-other\",\"command\":\"id\"}")
                .put("/api/v1/jobs/audited-stale").then().statusCode(403);
        as(developer).contentType(ContentType.JSON).body("{\"name\":\"audited-stale\",\"owner\":\"team-audit\",\"command\":\"true\"}")
                .post("/api/v1/jobs").then().statusCode(409);
        long run = as(developer).post("/api/v1/jobs/audited-stale/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        as(developer).contentType(ContentType.JSON).body("{}").post("/api/v1/runs/" + run + "/mark-success").then().statusCode(409);
        as(developer).post("/api/v1/runs/" + run + "/kill").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> "KILLED".equals(as(developer).get("/api/v1/runs/" + run).path("state")));
        as(developer).post("/api/v1/runs/" + run + "/kill").then().statusCode(409);
        as(developer).contentType(ContentType.JSON).body("{\"reason\":\"done by hand\"}").post("/api/v1/runs/" + run + "/mark-success")
                .then().statusCode(200);

        assertEquals(List.of("run.now", "job.create"), audit("target=audited-stale").getList("action"));

        // refused after its row was written (the DAG keeps a parent with children): the row goes with the rollback
        as(developer).contentType(ContentType.JSON).body("{\"name\":\"audited-child\",\"owner\":\"team-audit\",\"command\":\"true\","
                + "\"parents\":[\"audited-stale\"]}").post("/api/v1/jobs").then().statusCode(201);
        as(developer).delete("/api/v1/jobs/audited-stale").then().statusCode(409);
        as(developer).get("/api/v1/jobs/audited-stale").then().statusCode(200);
        assertEquals(List.of("run.now", "job.create"), audit("target=audited-stale").getList("action"));
        JsonPath runRows = audit("target=" + run);
        assertEquals(List.of("run.mark-success", "run.kill"), runRows.getList("action"));
        assertEquals("by audit-dev: done by hand", runRows.getString("[0].detail"));
    }

    @Test
    void a_child_detached_by_its_parents_delete_is_audited_as_updated_by_the_deleter() {
        as(developer).contentType(ContentType.JSON).body("{\"name\":\"audited-p\",\"owner\":\"team-audit\",\"command\":\"true\"}")
                .post("/api/v1/jobs").then().statusCode(201);
        as(developer).contentType(ContentType.JSON).body("{\"name\":\"audited-c\",\"owner\":\"team-audit\",\"command\":\"true\","
                + "\"parents\":[\"audited-p\"]}").post("/api/v1/jobs").then().statusCode(201);
        as(developer).delete("/api/v1/jobs/audited-p?detachChildren=true").then().statusCode(204);

        JsonPath child = audit("target=audited-c");
        assertEquals(List.of("job.update", "job.create"), child.getList("action"));
        assertEquals("audit-dev", child.getString("[0].actor"));
        assertEquals(Map.of("from", List.of("audited-p"), "to", List.of()), child.getMap("[0].diff.parents"));
        assertEquals("parent 'audited-p' was deleted", child.getString("[0].detail"));
    }

    @Test
    void a_roles_change_is_audited_with_what_changed() {
        as(ADMIN).contentType(ContentType.JSON).body("{\"weight\": 2}").put("/api/v1/roles/audited-role").then().statusCode(200);
        as(ADMIN).contentType(ContentType.JSON).body("{\"weight\": 3, \"quota\": {\"cpus\": 1}}").put("/api/v1/roles/audited-role")
                .then().statusCode(200);
        JsonPath rows = audit("target=audited-role");
        assertEquals(List.of("role.put", "role.put"), rows.getList("action"));
        assertEquals(Map.of("from", 2.0f, "to", 3.0f), rows.getMap("[0].diff.weight"));
        assertEquals(Map.of("from", 0.0f, "to", 1.0f), rows.getMap("[0].diff.quota.cpus"));
        assertNull(rows.get("[0].diff.limit"), "an unchanged part is not in the diff");
    }

    @Test
    void only_operators_and_admins_read_the_audit_log() {
        as(viewer).get("/api/v1/audit").then().statusCode(403).contentType("application/problem+json");
        as(developer).get("/api/v1/audit").then().statusCode(403);
        as(operator).get("/api/v1/audit").then().statusCode(200);
    }

    @Test
    void tokens_made_and_revoked_are_audited_and_since_and_limit_narrow_the_answer() {
        Instant before = Instant.now().minusSeconds(1);
        token("audit-temp", "viewer", "[]");
        as(ADMIN).delete("/api/v1/tokens/audit-temp").then().statusCode(204);
        JsonPath rows = audit("target=audit-temp&since=" + before);
        assertEquals(List.of("token.revoke", "token.create"), rows.getList("action"));
        assertEquals(List.of("admin", "admin"), rows.getList("actor"));
        as(ADMIN).get("/api/v1/audit?target=audit-temp&limit=1").then().body("action", equalTo(List.of("token.revoke")));
        as(ADMIN).get("/api/v1/audit?target=audit-temp&since=2999-01-01T00:00:00Z").then().body("", hasSize(0));
    }

    @Test
    void a_bad_since_or_limit_is_422_naming_it() {
        as(ADMIN).get("/api/v1/audit?since=yesterday").then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("since"));
        as(ADMIN).get("/api/v1/audit?limit=0").then().statusCode(422).body("errors.field", hasItem("limit"));
        as(ADMIN).get("/api/v1/audit?limit=lots").then().statusCode(422).body("errors.field", hasItem("limit"));
        as(ADMIN).get("/api/v1/audit?limit=1001").then().statusCode(422).body("errors.field", hasItem("limit"));
    }

    @Test
    void the_names_the_audit_log_keeps_for_open_and_system_cannot_be_token_names() {
        as(ADMIN).contentType(ContentType.JSON).body("{\"name\":\"system\",\"role\":\"admin\"}").post("/api/v1/tokens")
                .then().statusCode(422).body("errors.field", hasItem("/name"));
        as(ADMIN).contentType(ContentType.JSON).body("{\"name\":\"open\",\"role\":\"viewer\"}").post("/api/v1/tokens")
                .then().statusCode(422).body("errors.field", hasItem("/name"));
    }
}
