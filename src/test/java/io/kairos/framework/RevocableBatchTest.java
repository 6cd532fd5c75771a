package io.kairos.framework;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One mixed pool (the test agent's 2 cpus): a revocable run borrows the idle quota of a role, a service or a batch run
 * of that role that needs it takes it back by preemption, the preempted run is queued again and finishes later, and a
 * default-tier run beside it is never touched.
 */
@QuarkusTest
class RevocableBatchTest {

    private static JsonPath run(long id) {
        return given().get("/api/v1/runs/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static long runNow(String job) {
        return given().post("/api/v1/jobs/" + job + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static void role(String json) {
        role("services", json);
    }

    private static void role(String name, String json) {
        given().contentType(ContentType.JSON).body(json).put("/api/v1/roles/" + name).then().statusCode(200);
    }

    private static void job(String json) {
        given().contentType(ContentType.JSON).body(json).post("/api/v1/jobs").then().statusCode(201);
    }

    private static void kill(long run) {
        if (run > 0) {
            given().post("/api/v1/runs/" + run + "/kill");
        }
    }

    @Test
    void a_service_short_of_its_quota_preempts_a_revocable_run_which_finishes_later_and_a_default_run_is_never_touched() {
        String mark = "/tmp/kairos-revocable-" + UUID.randomUUID();
        role("{\"quota\": {\"cpus\": 1.4}}");
        long small = -1;
        try {
            given().contentType(ContentType.JSON).body("""
                    {"name": "default-small", "command": "exec sleep 600", "resources": {"cpus": 0.3, "memMb": 16}}""")
                    .post("/api/v1/jobs").then().statusCode(201);
            // first attempt: leaves a mark and runs long; a later one finds the mark and succeeds at once
            given().contentType(ContentType.JSON).body("""
                    {"name": "revocable-big", "tier": "revocable", "priority": -5, "resources": {"cpus": 1.0, "memMb": 16},
                     "command": "if [ -e %s-$KAIROS_RUN_ID ]; then exit 0; fi; touch %s-$KAIROS_RUN_ID; exec sleep 600"}"""
                    .formatted(mark, mark)).post("/api/v1/jobs").then().statusCode(201).body("tier", org.hamcrest.Matchers.equalTo("revocable"));
            small = runNow("default-small");
            long smallRun = small;
            await("the default run").atMost(Duration.ofSeconds(30)).until(() -> "RUNNING".equals(run(smallRun).getString("state")));
            long big = runNow("revocable-big");
            await("the revocable run borrows the idle quota").atMost(Duration.ofSeconds(30))
                    .until(() -> "RUNNING".equals(run(big).getString("state")));

            given().contentType(ContentType.JSON).body("""
                    {"id": "/preempt/web", "instances": 2, "command": "exec sleep 600", "resources": {"cpus": 0.7, "memMb": 16}}""")
                    .post("/api/v1/services").then().statusCode(201);
            await("both instances, one by preemption").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> given().get("/api/v1/services/preempt/web").then().extract().jsonPath().getInt("counts.running") == 2);
            JsonPath preempted = run(big);
            assertEquals("PENDING", preempted.getString("state"), "queued again");
            assertEquals("PREEMPTED", preempted.getString("attempts[0].state"));
            assertTrue(preempted.getString("reason").contains("preempted by service /preempt/web"), preempted.getString("reason"));
            JsonPath untouched = run(small);
            assertEquals("RUNNING", untouched.getString("state"));
            assertEquals(1, untouched.getInt("attemptCount"));

            // the service gives its resources back: the preempted run starts again and finishes, no retry used
            given().contentType(ContentType.JSON).body("{\"instances\": 0, \"command\": \"exec sleep 600\", \"resources\": {\"cpus\": 0.7, \"memMb\": 16}}")
                    .put("/api/v1/services/preempt/web").then().statusCode(200);
            await("the preempted run finishes later").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> "SUCCEEDED".equals(run(big).getString("state")));
            assertEquals(2, run(big).getInt("attemptCount"));
            assertEquals("RUNNING", run(small).getString("state"), "the default-tier run was never touched");
        } finally {
            role("{\"quota\": {\"cpus\": 0}}");
            if (small > 0) {
                given().post("/api/v1/runs/" + small + "/kill");
            }
            given().delete("/api/v1/services/preempt/web");
            new java.io.File(mark).delete();
        }
    }

    @Test
    void a_batch_run_short_of_its_roles_quota_preempts_a_revocable_run_where_revocable_runs_and_roles_at_quota_do_not() {
        String mark = "/tmp/kairos-revocable-" + UUID.randomUUID();
        role("owed-batch", "{\"quota\": {\"cpus\": 1.0}}");
        role("met-batch", "{\"quota\": {\"cpus\": 0.3}}");
        long beside = -1;
        long borrower = -1;
        long atQuota = -1;
        long claimant = -1;
        try {
            job("""
                    {"name": "owed-beside", "role": "met-batch", "command": "exec sleep 600", "resources": {"cpus": 0.3, "memMb": 16}}""");
            // first attempt: leaves a mark and runs long; a later one finds the mark and succeeds at once
            job("""
                    {"name": "owed-lender", "tier": "revocable", "priority": -5, "resources": {"cpus": 1.2, "memMb": 16},
                     "command": "if [ -e %s-$KAIROS_RUN_ID ]; then exit 0; fi; touch %s-$KAIROS_RUN_ID; exec sleep 600"}"""
                    .formatted(mark, mark));
            job("""
                    {"name": "owed-borrower", "role": "owed-batch", "tier": "revocable", "command": "exec sleep 600",
                     "resources": {"cpus": 1.0, "memMb": 16}}""");
            job("""
                    {"name": "owed-at-quota", "role": "met-batch", "command": "exec sleep 600", "resources": {"cpus": 1.0, "memMb": 16}}""");
            job("""
                    {"name": "owed-claimant", "role": "owed-batch", "command": "exec sleep 600", "resources": {"cpus": 1.0, "memMb": 16}}""");
            long besideRun = beside = runNow("owed-beside");
            await("the default run beside").atMost(Duration.ofSeconds(30)).until(() -> "RUNNING".equals(run(besideRun).getString("state")));
            long lender = runNow("owed-lender");
            await("the revocable run borrows the idle quota").atMost(Duration.ofSeconds(30))
                    .until(() -> "RUNNING".equals(run(lender).getString("state")));

            // 0.5 cpus free: a revocable run of the owed role, and a default one of a role that has its quota, both wait
            long borrowerRun = borrower = runNow("owed-borrower");
            long atQuotaRun = atQuota = runNow("owed-at-quota");
            await("neither preempts").during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(300))
                    .until(() -> "RUNNING".equals(run(lender).getString("state")) && run(lender).getInt("attemptCount") == 1
                            && "PENDING".equals(run(borrowerRun).getString("state")) && "PENDING".equals(run(atQuotaRun).getString("state")));
            kill(borrower);

            long claimantRun = claimant = runNow("owed-claimant");
            await("the run owed its quota, by preemption").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> "RUNNING".equals(run(claimantRun).getString("state")));
            JsonPath preempted = run(lender);
            assertEquals("PENDING", preempted.getString("state"), "queued again");
            assertEquals("PREEMPTED", preempted.getString("attempts[0].state"));
            assertTrue(preempted.getString("reason").contains("preempted by run " + claimant
                    + " of job owed-claimant (role owed-batch, short of its quota)"), preempted.getString("reason"));
            assertEquals("PENDING", run(atQuota).getString("state"), "a role at its quota takes nothing back");
            JsonPath untouched = run(beside);
            assertEquals("RUNNING", untouched.getString("state"));
            assertEquals(1, untouched.getInt("attemptCount"));

            // the owed run gives its resources back: the preempted run starts again and finishes, no retry used
            kill(claimant);
            await("the preempted run finishes later").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> "SUCCEEDED".equals(run(lender).getString("state")));
            assertEquals(2, run(lender).getInt("attemptCount"));
            assertEquals("RUNNING", run(beside).getString("state"), "the default-tier run was never touched");
            assertEquals(1, run(beside).getInt("attemptCount"));
        } finally {
            role("owed-batch", "{\"quota\": {\"cpus\": 0}}");
            role("met-batch", "{\"quota\": {\"cpus\": 0}}");
            kill(beside);
            kill(borrower);
            kill(atQuota);
            kill(claimant);
            new java.io.File(mark).delete();
        }
    }
}
