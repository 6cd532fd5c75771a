package io.kairos;

import io.kairos.testing.KairosProcess;
import io.kairos.testing.ProcessDatabase;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A standalone Kairos is killed (SIGKILL) while a process job (no container) runs, and started again on the same
 * database and data directory. The job's processes die with the agent, so the run, re-run after the restart because
 * its attempt was lost, ends exactly once, and no two copies of the job ever ran at the same time. A run killed
 * through the API afterwards leaves none of its processes behind.
 */
class ProcessCrashIT {

    @RegisterExtension
    static final ProcessDatabase DB = new ProcessDatabase("process-crash-it");

    @Test
    void a_process_job_dies_with_a_crashed_kairos_and_its_run_ends_once_with_no_two_copies_alive() throws Exception {
        // the job runs as nobody (the agent is root here): its marks go where it may write
        Path marks = io.kairos.testing.TaskReadable.writable("marks");
        Path starts = marks.resolve("starts");
        Path pids = marks.resolve("pids");
        // the first copy sleeps long enough to outlive any restart; later copies end soon
        String firstSleep = "sleep " + ThreadLocalRandom.current().nextLong(100_000, 1_000_000);
        // every copy records whether an earlier one is still alive when it starts (that would be two copies at once)
        String command = ("touch %2$s; for p in $(cat %2$s); do kill -0 $p 2>/dev/null && echo overlap >> %1$s; done; "
                + "if [ -s %2$s ]; then s='sleep 3'; else s='%3$s'; fi; echo $$ >> %2$s; echo start >> %1$s; $s; "
                + "echo end >> %1$s").formatted(starts, pids, firstSleep);
        Map<String, String> env = DB.env("data", Map.of("KAIROS_AGENT_ID", "process-crash-it-" + UUID.randomUUID()));
        Path log = Path.of("target", "process-crash-it.log");
        long run;
        try {
            try (KairosProcess first = KairosProcess.start(env, log)) {
                given().baseUri(first.baseUrl()).contentType(ContentType.JSON)
                        .body(Map.of("name", "crash-me", "command", command))
                        .post("/api/v1/jobs").then().statusCode(201);
                run = given().baseUri(first.baseUrl()).post("/api/v1/jobs/crash-me/runs").then().statusCode(201)
                        .extract().jsonPath().getLong("id");
                awaitState(first, run, "RUNNING");
                await().atMost(Duration.ofSeconds(30)).until(() -> lines(starts).contains("start"));

                first.crash();
            }
            await("the job's processes to die with Kairos").atMost(Duration.ofSeconds(2))
                    .until(() -> jobProcesses(marks, firstSleep).isEmpty());

            try (KairosProcess second = KairosProcess.start(env, log)) {
                awaitState(second, run, "SUCCEEDED");
                given().baseUri(second.baseUrl()).get("/api/v1/runs/" + run).then()
                        .body("attemptCount", equalTo(2))
                        .body("attempts[0].state", equalTo("LOST"))
                        .body("attempts[1].state", equalTo("FINISHED"));

                // and a kill through the API still takes the whole group, background children included
                String killSleep = "sleep " + ThreadLocalRandom.current().nextLong(100_000, 1_000_000);
                given().baseUri(second.baseUrl()).contentType(ContentType.JSON)
                        .body(Map.of("name", "kill-me", "command", killSleep + " & " + killSleep))
                        .post("/api/v1/jobs").then().statusCode(201);
                long killed = given().baseUri(second.baseUrl()).post("/api/v1/jobs/kill-me/runs").then().statusCode(201)
                        .extract().jsonPath().getLong("id");
                await().atMost(Duration.ofSeconds(30)).until(() -> jobProcesses(marks, killSleep).size() == 2);
                given().baseUri(second.baseUrl()).post("/api/v1/runs/" + killed + "/kill").then().statusCode(200);
                awaitState(second, killed, "KILLED");
                // the run may show KILLED before the agent has confirmed; sleep dies at the first SIGTERM
                await("no process of the killed run to be left").atMost(Duration.ofSeconds(15))
                        .until(() -> jobProcesses(marks, killSleep).isEmpty());
            }
            assertEquals(List.of("start", "start", "end"), lines(starts),
                    "one copy killed with Kairos, one re-run to its end, never two at once");
        } finally {
            // should a copy have outlived Kairos, it is this test's own: stop it
            jobProcesses(marks, firstSleep).forEach(ProcessHandle::destroyForcibly);
        }
        assertTrue(jobProcesses(marks, firstSleep).isEmpty());
    }

    private static void awaitState(KairosProcess k, long run, String state) {
        await("run " + run + " " + state).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> state.equals(given().baseUri(k.baseUrl()).get("/api/v1/runs/" + run).then()
                        .extract().path("state")));
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /** Processes of this test's jobs: the crashed job's shell names the marks folder, each sleep has a unique length. */
    private static List<ProcessHandle> jobProcesses(Path marks, String sleep) {
        return ProcessHandle.allProcesses().filter(p -> {
            String line = p.info().commandLine().orElse("");
            return line.contains(marks.toString()) || line.endsWith("/" + sleep);
        }).toList();
    }
}
