package io.kairos.job;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kairos.api.Page;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The jobs page's query, and the last run per job that the database keeps for it (V50 triggers). */
@QuarkusTest
class JobSummariesTest {

    @Inject
    JobSummaries summaries;

    private static void createJob(String json) {
        given().contentType(ContentType.JSON).body(json).post("/api/v1/jobs").then().statusCode(201);
    }

    private JobSummary only(String q) {
        Page<JobSummary> page = summaries.search(new JobQuery(q, null, null, JobQuery.Sort.NAME, false, 0, 50));
        assertEquals(1, page.total(), () -> "jobs matching " + q + ": " + page.items());
        return page.items().get(0);
    }

    @Test
    void a_job_that_never_ran_has_no_last_run_and_matches_the_never_filter() {
        createJob("""
                {"name":"summary-never","command":"true","owner":"summary-owner-never"}""");
        JobSummary s = only("summary-owner-never");
        assertNull(s.lastRunState());
        assertEquals(List.of(), s.recent());
        assertEquals(1, summaries.search(new JobQuery("summary-never", JobQuery.NEVER, null, null, false, 0, 50)).total());
        assertEquals(0, summaries.search(new JobQuery("summary-never", "SUCCEEDED", null, null, false, 0, 50)).total());
    }

    @Test
    void the_last_run_follows_the_newest_run_through_its_states_and_the_strip_keeps_the_older_ones() {
        createJob("""
                {"name":"summary-states","command":"sleep 30","resources":{"cpus":0.1,"memMb":16}}""");
        long first = given().post("/api/v1/jobs/summary-states/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(Duration.ofSeconds(30)).until(() -> "RUNNING".equals(only("summary-states").lastRunState()));
        given().post("/api/v1/runs/" + first + "/kill").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "KILLED".equals(only("summary-states").lastRunState()));
        assertEquals(first, only("summary-states").lastRunId());
        assertEquals(1, summaries.search(new JobQuery("summary-states", "KILLED", null, null, false, 0, 50)).total());

        long second = given().post("/api/v1/jobs/summary-states/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        // once it has left the queue it is the last run (see V50)
        await().atMost(Duration.ofSeconds(30)).until(() -> Long.valueOf(second).equals(only("summary-states").lastRunId()));
        assertEquals("RUNNING", only("summary-states").lastRunState());
        JobSummary s = only("summary-states");
        assertEquals(second, s.lastRunId());
        assertEquals(List.of(first, second), s.recent().stream().map(JobSummary.RecentRun::id).toList());
        given().post("/api/v1/runs/" + second + "/kill").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "KILLED".equals(only("summary-states").lastRunState()));
    }

    @Test
    void runs_queued_together_by_a_backfill_leave_the_newest_as_the_last_run_once_they_ran() {
        createJob("""
                {"name":"summary-backfill","command":"true","enabled":false,"schedule":{"cron":"0 0 * * *"},"resources":{"cpus":0.1,"memMb":16}}""");
        List<Long> ids = given().contentType(ContentType.JSON).body("""
                {"from":"2024-01-01T00:00:00Z","to":"2024-01-03T00:00:00Z"}""")
                .post("/api/v1/jobs/summary-backfill/backfill").then().statusCode(202).extract().jsonPath().getList("runIds", Long.class);
        assertEquals(3, ids.size());
        assertEquals(3, only("summary-backfill").recent().size());
        long newest = ids.stream().max(Long::compare).orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> Long.valueOf(newest).equals(only("summary-backfill").lastRunId())
                && "SUCCEEDED".equals(only("summary-backfill").lastRunState()));
    }
}
