package io.kairos.agent.remote;

import io.kairos.agent.AgentResources;
import io.kairos.agent.ProcessContainerizer;
import io.kairos.agent.node.AgentIdentity;
import io.kairos.agent.node.AgentNode;
import io.kairos.allocator.AgentId;
import io.kairos.allocator.Resources;
import io.kairos.cluster.Leadership;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The agents' rows: what a scheduler that takes the lead again (its registry emptied, as after a failover) reads
 * back, the operator's remove, and writes refused when another writer changed the row first.
 */
@QuarkusTest
@TestProfile(RemoteAgentsTest.SchedulerOnly.class)
class AgentRowsTest {

    private static Vertx vertx;

    @Inject
    AgentRows rows;
    @Inject
    Event<Leadership.Changed> leadership;
    @Inject
    Leadership lead;

    @AfterAll
    static void stopVertx() {
        if (vertx != null) {
            vertx.close();
        }
    }

    private static AgentNode agent(String id) {
        if (vertx == null) {
            vertx = Vertx.vertx();
        }
        AgentNode node = new AgentNode(vertx, List.of("http://localhost:" + RestAssured.port),
                new AgentIdentity(new AgentId(id), "host-" + id, AgentResources.parse("cpus:1;mem:512;disk:100"),
                        AgentResources.parseAttributes("rows:" + id)),
                new ProcessContainerizer(), new AgentNode.Timing(Duration.ofMillis(300), Duration.ofSeconds(3), Duration.ofMillis(200)),
                Clock.systemUTC(), () -> { });
        node.start();
        return node;
    }

    private static String state(String id) {
        return given().get("/api/v1/agents/" + id).then().statusCode(200).extract().path("state");
    }

    private void failover() {
        // as a scheduler that lost the lead and won it back: everything in memory is dropped, the rows are read again
        leadership.fire(new Leadership.Changed(false, lead.epoch()));
        leadership.fire(new Leadership.Changed(true, lead.epoch()));
    }

    @Test
    void a_lost_agent_is_still_lost_after_the_lead_changes_and_active_again_only_once_it_registers() {
        AgentNode node = agent("rows-lost");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> "ACTIVE".equals(given().get("/api/v1/agents/rows-lost").then().extract().path("state")));
            node.goOffline();
            await().atMost(Duration.ofSeconds(20)).until(() -> state("rows-lost").equals("LOST"));

            failover();

            given().get("/api/v1/agents/rows-lost").then().statusCode(200)
                    .body("state", equalTo("LOST")).body("connected", equalTo(false))
                    .body("hostname", equalTo("host-rows-lost")).body("total.cpus", equalTo(1.0f))
                    .body("reason", org.hamcrest.Matchers.containsString("silent for more than"));
            node.goOnline();
            await().atMost(Duration.ofSeconds(20)).until(() -> state("rows-lost").equals("ACTIVE"));
        } finally {
            node.close();
        }
    }

    @Test
    void a_drained_agent_reconnecting_to_a_scheduler_that_took_the_lead_again_stays_drained() {
        AgentNode node = agent("rows-drained");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> "ACTIVE".equals(given().get("/api/v1/agents/rows-drained").then().extract().path("state")));
            given().post("/api/v1/agents/rows-drained/drain").then().statusCode(200).body("state", equalTo("DRAINED"));

            failover();

            await("the agent to reconnect").atMost(Duration.ofSeconds(20)).until(() -> {
                var r = given().get("/api/v1/agents/rows-drained").then().extract();
                return r.statusCode() == 200 && Boolean.TRUE.equals(r.path("connected"));
            });
            assertEquals("DRAINED", state("rows-drained"));
            given().post("/api/v1/agents/rows-drained/undrain").then().statusCode(200).body("state", equalTo("ACTIVE"));
        } finally {
            node.close();
        }
    }

    @Test
    void only_a_drained_or_lost_agent_can_be_removed_and_a_removed_one_leaves_the_list() {
        AgentNode node = agent("rows-removed");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> "ACTIVE".equals(given().get("/api/v1/agents/rows-removed").then().extract().path("state")));
            given().delete("/api/v1/agents/rows-removed").then().statusCode(409).contentType("application/problem+json")
                    .body("detail", org.hamcrest.Matchers.containsString("drain it first"));
            given().post("/api/v1/agents/rows-removed/drain").then().statusCode(200);
            // a removed agent that connects again registers anew (by design): this one stays away, or on a loaded machine
            // its reconnection could beat the list below
            node.goOffline();
            given().delete("/api/v1/agents/rows-removed").then().statusCode(200).body("state", equalTo("GONE"))
                    .body("connected", equalTo(false));
            given().get("/api/v1/agents").then().body("id", not(hasItem("rows-removed")));
            given().post("/api/v1/agents/rows-removed/undrain").then().statusCode(409).contentType("application/problem+json");
            given().delete("/api/v1/agents/no-such-agent").then().statusCode(404).contentType("application/problem+json");
        } finally {
            node.close();
        }
    }

    @Test
    void a_write_based_on_a_version_another_writer_has_moved_past_is_refused() {
        AgentId id = new AgentId("rows-versioned");
        Instant now = Instant.now();
        AgentRows.Row row = new AgentRows.Row(id, AgentState.REGISTERED, null, "h", Resources.NONE, Map.of("k", "v"), now, now, 0);
        assertEquals(0, rows.save(row, null));
        assertThrows(AgentRows.StaleRow.class, () -> rows.save(row, null), "a second first write");
        assertEquals(1, rows.save(new AgentRows.Row(id, AgentState.ACTIVE, null, "h", Resources.NONE, Map.of(), now, now, 0), 0L));
        assertThrows(AgentRows.StaleRow.class, () -> rows.save(new AgentRows.Row(id, AgentState.DRAINING, null, "h", Resources.NONE,
                Map.of(), now, now, 0), 0L), "a writer that read version 0");
        AgentRows.Row stored = rows.find(id).orElseThrow();
        assertEquals(AgentState.ACTIVE, stored.state());
        assertEquals(1, stored.version());
    }

    @Test
    void a_draining_agent_is_drained_when_its_last_task_ends_and_gets_no_new_one_meanwhile() {
        AgentNode node = agent("rows-draining");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> "ACTIVE".equals(given().get("/api/v1/agents/rows-draining").then().extract().path("state")));
            given().contentType(io.restassured.http.ContentType.JSON).body("""
                    {"name":"rows-draining-job","command":"sleep 2","resources":{"cpus":0.1,"memMb":16},
                     "constraints":[["rows","EQUALS","rows-draining"]]}""").post("/api/v1/jobs").then().statusCode(201);
            long first = given().post("/api/v1/jobs/rows-draining-job/runs").then().statusCode(201).extract().jsonPath().getLong("id");
            await().atMost(Duration.ofSeconds(20)).until(() -> "RUNNING".equals(given().get("/api/v1/runs/" + first).then().extract().path("state")));

            given().post("/api/v1/agents/rows-draining/drain").then().statusCode(200).body("state", equalTo("DRAINING"));
            long second = given().post("/api/v1/jobs/rows-draining-job/runs").then().statusCode(201).extract().jsonPath().getLong("id");

            await("the last task to end").atMost(Duration.ofSeconds(20)).until(() -> state("rows-draining").equals("DRAINED"));
            given().get("/api/v1/runs/" + first).then().body("state", equalTo("SUCCEEDED"));
            given().get("/api/v1/runs/" + second).then().body("state", equalTo("PENDING"));
            given().post("/api/v1/runs/" + second + "/kill").then().statusCode(200);
        } finally {
            node.close();
        }
    }
}
