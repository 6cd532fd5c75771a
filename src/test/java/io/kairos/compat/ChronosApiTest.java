package io.kairos.compat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chronos clients through the real path: the Chronos API, the Kairos services, PostgreSQL, the local agent. */
@QuarkusTest
class ChronosApiTest {

    private static void post(String endpoint, String json) {
        given().contentType(ContentType.JSON).body(json).post("/v1/scheduler/" + endpoint).then().statusCode(204);
    }

    private static void awaitCounts(String job, int successes, int errors) {
        await(job + " counters").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var j = given().get("/v1/scheduler/job/" + job).then().statusCode(200).extract().jsonPath();
            return j.getInt("successCount") == successes && j.getInt("errorCount") == errors;
        });
    }

    @Test
    void chronos_documented_examples_are_accepted_and_become_kairos_jobs_that_run() {
        post("iso8601", """
                {"schedule":"R/2014-09-25T17:22:00Z/PT2M","name":"SAMPLE_JOB1","epsilon":"PT30M",
                 "command":"echo 'FOO' >> /tmp/JOB1_OUT","owner":"bob@airbnb.com","async":false}""");
        post("dependency", """
                {"parents":["SAMPLE_JOB1"],"name":"SAMPLE_JOB2","command":"echo dep","owner":"bob@airbnb.com"}""");

        given().get("/api/v1/jobs/SAMPLE_JOB1").then().statusCode(200)
                .body("schedule.iso8601", equalTo("R/2014-09-25T17:22:00Z/PT2M"))
                .body("schedule.timezone", equalTo("UTC"))
                .body("startingDeadlineSeconds", equalTo(1800))
                .body("owner", equalTo("bob@airbnb.com"))
                .body("concurrencyPolicy", equalTo("FORBID"))
                .body("command", equalTo("echo 'FOO' >> /tmp/JOB1_OUT"));
        given().get("/api/v1/jobs/SAMPLE_JOB2").then().statusCode(200).body("parents", equalTo(java.util.List.of("SAMPLE_JOB1")));

        given().get("/v1/scheduler/job/SAMPLE_JOB1").then().statusCode(200)
                .body("name", equalTo("SAMPLE_JOB1")).body("schedule", equalTo("R/2014-09-25T17:22:00Z/PT2M"))
                .body("epsilon", equalTo("PT30M")).body("shell", equalTo(true)).body("concurrent", equalTo(false))
                .body("disabled", equalTo(false)).body("successCount", equalTo(0)).body("lastSuccess", equalTo(""));
        given().get("/v1/scheduler/jobs").then().statusCode(200).body("name", hasItem("SAMPLE_JOB2"));
        given().get("/v1/scheduler/jobs/search?name=sample_job&command=dep").then().statusCode(200)
                .body("name", equalTo(java.util.List.of("SAMPLE_JOB2")));
        given().get("/v1/scheduler/graph/dot").then().statusCode(200).body(containsString("SAMPLE_JOB1"))
                .body(containsString("SAMPLE_JOB2"));

        given().put("/v1/scheduler/job/SAMPLE_JOB1").then().statusCode(204);
        awaitCounts("SAMPLE_JOB1", 1, 0);
        // the parent's success released the dependent job
        awaitCounts("SAMPLE_JOB2", 1, 0);
        var job = given().get("/v1/scheduler/job/SAMPLE_JOB1").then().extract().jsonPath();
        assertTrue(job.getString("lastSuccess").endsWith("Z"), job.getString("lastSuccess"));
        Instant.parse(job.getString("lastSuccess"));
        given().get("/v1/scheduler/jobs/summary").then().statusCode(200)
                .body("jobs.find { it.name == 'SAMPLE_JOB1' }.status", equalTo("success"));
    }

    @Test
    void counters_come_from_the_run_history() {
        post("iso8601", """
                {"schedule":"R/2030-01-01T00:00:00Z/P1D","name":"chronos-flaky","command":"exit 3","concurrent":true}""");
        given().put("/v1/scheduler/job/chronos-flaky").then().statusCode(204);
        awaitCounts("chronos-flaky", 0, 1);
        given().put("/v1/scheduler/job/chronos-flaky").then().statusCode(204);
        awaitCounts("chronos-flaky", 0, 2);
        given().get("/v1/scheduler/job/chronos-flaky").then().body("errorsSinceLastSuccess", equalTo(2))
                .body("lastError", not(equalTo("")));

        // Chronos' POST on an existing name replaces the job
        post("iso8601", """
                {"schedule":"R/2030-01-01T00:00:00Z/P1D","name":"chronos-flaky","command":"true","concurrent":true}""");
        given().put("/v1/scheduler/job/chronos-flaky").then().statusCode(204);
        awaitCounts("chronos-flaky", 1, 2);
        given().get("/v1/scheduler/job/chronos-flaky").then().body("errorsSinceLastSuccess", equalTo(0));
    }

    @Test
    void the_chronos_fields_map_onto_kairos_fields_and_back() {
        given().contentType(ContentType.JSON).body("""
                {"name":"chronos-mapped","command":"/bin/echo","shell":false,"arguments":["a","b"],
                 "schedule":"R/2030-03-01T02:00:00/P1D","scheduleTimeZone":"Europe/Berlin","retries":2,
                 "cpus":0.5,"mem":64.5,"disk":10,"disabled":true,"concurrent":true,"softError":true,
                 "environmentVariables":[{"name":"KEY","value":"v"}],"constraints":[["rack","EQUALS","r1"]],
                 "uris":["http://example.com/x.tgz"],"description":"mapped"}""")
                .post("/v1/scheduler/iso8601").then().statusCode(204)
                .header(ChronosResource.WARNINGS, containsString("uris"));
        given().get("/api/v1/jobs/chronos-mapped").then().statusCode(200)
                .body("args", equalTo(java.util.List.of("/bin/echo", "a", "b")))
                .body("schedule.timezone", equalTo("Europe/Berlin")).body("retries.max", equalTo(2))
                .body("resources.memMb", equalTo(65)).body("resources.diskMb", equalTo(10)).body("enabled", equalTo(false))
                .body("concurrencyPolicy", equalTo("ALLOW")).body("softError", equalTo(true)).body("env.KEY", equalTo("v"))
                .body("constraints[0]", equalTo(java.util.List.of("rack", "EQUALS", "r1")));
        given().get("/v1/scheduler/job/chronos-mapped").then().statusCode(200)
                .body("command", equalTo("/bin/echo")).body("shell", equalTo(false)).body("arguments", equalTo(java.util.List.of("a", "b")))
                .body("scheduleTimeZone", equalTo("Europe/Berlin")).body("retries", equalTo(2)).body("disabled", equalTo(true))
                .body("environmentVariables[0].name", equalTo("KEY")).body("mem", equalTo(65.0f));
    }

    /** The Kairos job as its API shows it, less what changes on every write. */
    private static Map<String, Object> kairos(String name) {
        Map<String, Object> job = new java.util.HashMap<>(given().get("/api/v1/jobs/" + name).then().statusCode(200)
                .extract().jsonPath().getMap(""));
        job.keySet().removeAll(List.of("version", "updatedAt", "nextFireTimes"));
        return job;
    }

    @Test
    void a_kairos_job_read_through_chronos_and_posted_back_is_unchanged_and_an_edit_keeps_what_chronos_cannot_say() {
        given().contentType("application/json").body("""
                {"name":"chronos-keeps","command":"echo keep","schedule":{"cron":"0 3 * * *","timezone":"Europe/Berlin"},
                 "timeoutSeconds":600,"expectedRuntimeSeconds":300,"catchUp":"NONE","concurrencyPolicy":"REPLACE",
                 "retries":{"max":4,"backoffSeconds":30,"backoffFactor":3.0,"maxBackoffSeconds":900},
                 "notifications":[{"on":["FAILURE"],"email":{"to":["ops@example.com"]}}],
                 "resources":{"cpus":0.5,"memMb":64,"diskMb":10}}""").post("/api/v1/jobs").then().statusCode(201);
        Map<String, Object> before = kairos("chronos-keeps");
        Map<String, Object> shown = given().get("/v1/scheduler/job/chronos-keeps").then().statusCode(200).extract().jsonPath().getMap("");

        given().contentType(ContentType.JSON).body(shown).post("/v1/scheduler/iso8601").then().statusCode(204);
        assertEquals(before, kairos("chronos-keeps"), "posted back as shown, nothing changes");
        assertEquals(null, before.get("startingDeadlineSeconds"), "and no deadline appears");

        Map<String, Object> edited = new java.util.HashMap<>(shown);
        edited.put("command", "echo edited");
        edited.put("retries", 1);
        given().contentType(ContentType.JSON).body(edited).put("/scheduler/iso8601").then().statusCode(204);
        Map<String, Object> after = kairos("chronos-keeps");
        assertEquals("echo edited", after.get("command"));
        assertEquals(Map.of("max", 1, "backoffSeconds", 30, "backoffFactor", 3.0f, "maxBackoffSeconds", 900), after.get("retries"));
        for (String kept : List.of("schedule", "timeoutSeconds", "expectedRuntimeSeconds", "catchUp", "concurrencyPolicy",
                "notifications", "resources", "role", "startingDeadlineSeconds")) {
            assertEquals(before.get(kept), after.get(kept), kept + " is kept");
        }
    }

    @Test
    void a_run_gets_chronos_environment_as_chronos_gave_it() {
        post("iso8601", """
                {"name":"chronos-env","command":"echo $CHRONOS_JOB_NAME $CHRONOS_JOB_OWNER $CHRONOS_RESOURCE_CPU $CHRONOS_RESOURCE_MEM $CHRONOS_RESOURCE_DISK $CHRONOS_JOB_RUN_TIME $mesos_task_id",
                 "owner":"ops@example.com","cpus":0.1,"mem":32,"disk":64,"schedule":"R/2030-01-01T00:00:00Z/P1D"}""");
        given().put("/v1/scheduler/job/chronos-env").then().statusCode(204);
        var run = given().get("/api/v1/jobs/chronos-env/runs").then().extract().jsonPath();
        long id = run.getLong("items[0].id");
        await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(given().get("/api/v1/runs/" + id).then().extract().path("state")));
        var r = given().get("/api/v1/runs/" + id).then().extract().jsonPath();
        long runTime = java.time.Instant.parse(r.getString("scheduledAt")).toEpochMilli();
        long attempt = r.getLong("attempts[0].id");
        given().get("/api/v1/runs/" + id + "/log?stream=stdout").then()
                .body("data", equalTo("chronos-env ops@example.com 0.1 32.0 64.0 " + runTime + " " + attempt + "\n"));
    }

    @Test
    void run_now_with_arguments_appends_them_to_a_non_shell_job_and_a_shell_job_ignores_them_as_chronos_does() {
        post("iso8601", """
                {"name":"chronos-args","command":"/bin/echo","shell":false,"arguments":["fixed"],"schedule":"R/2030-01-01T00:00:00Z/P1D"}""");
        given().put("/v1/scheduler/job/chronos-args?arguments=-debug --level 3").then().statusCode(204);
        long run = given().get("/api/v1/jobs/chronos-args/runs").then().extract().jsonPath().getLong("items[0].id");
        await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(
                given().get("/api/v1/runs/" + run).then().extract().path("state")));
        given().get("/api/v1/runs/" + run).then().body("extraArgs", equalTo(List.of("-debug", "--level", "3")));
        given().get("/api/v1/runs/" + run + "/log?stream=stdout").then().body("data", equalTo("fixed -debug --level 3\n"));
        // a re-run reuses them
        long again = given().post("/api/v1/runs/" + run + "/rerun").then().statusCode(201).extract().jsonPath().getLong("id");
        given().get("/api/v1/runs/" + again).then().body("extraArgs", equalTo(List.of("-debug", "--level", "3")));

        post("iso8601", """
                {"name":"chronos-shell-args","command":"echo shell","schedule":"R/2030-01-01T00:00:00Z/P1D"}""");
        given().put("/v1/scheduler/job/chronos-shell-args?arguments=-debug").then().statusCode(204)
                .header(ChronosResource.WARNINGS, containsString("ignored"));
        given().get("/api/v1/jobs/chronos-shell-args/runs").then().body("total", equalTo(1))
                .body("items[0].extraArgs", nullValue());
        // Kairos' own API is strict: a shell job refuses extra arguments, naming the field
        given().contentType("application/json").body("{\"extraArgs\":[\"-x\"]}").post("/api/v1/jobs/chronos-shell-args/runs")
                .then().statusCode(422).body("errors[0].field", equalTo("/extraArgs"));
    }

    @Test
    void what_chronos_accepted_is_accepted_and_what_has_no_effect_is_named_in_warnings() {
        // the Chronos docs' own Docker example: numbers as strings, a host volume
        given().contentType(ContentType.JSON).body("""
                {"schedule": "R\\/2014-09-25T17:22:00Z\\/PT2M", "name": "chronos-dockerjob",
                 "container": {"type": "DOCKER", "image": "libmesos/ubuntu", "network": "BRIDGE",
                               "volumes": [{"containerPath": "/var/log/", "hostPath": "/logs/", "mode": "RW"}]},
                 "cpus": "0.5", "mem": "512", "uris": [], "command": "while sleep 10; do date =u %T; done"}""")
                .post("/scheduler/iso8601").then().statusCode(204)
                .header(ChronosResource.WARNINGS, containsString("container.volumes is accepted and ignored"));
        given().get("/api/v1/jobs/chronos-dockerjob").then().statusCode(200).body("resources.cpus", equalTo(0.5f))
                .body("resources.memMb", equalTo(512)).body("retries.max", equalTo(2)).body("resources.diskMb", equalTo(256));
        // async, an unknown field, a short zone name, retries as a string, an empty start (now)
        Instant before = Instant.now().minusSeconds(1);
        var warnings = given().contentType(ContentType.JSON).body("""
                {"name": "chronos-lenient", "command": "true", "schedule": "R//PT10M", "scheduleTimeZone": "PST",
                 "async": true, "dataJob": true, "retries": "3", "disabled": "true"}""")
                .post("/v1/scheduler/iso8601").then().statusCode(204).extract().headers().getValues(ChronosResource.WARNINGS);
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("async is accepted and ignored")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("dataJob is not a Chronos field")), warnings.toString());
        var job = given().get("/api/v1/jobs/chronos-lenient").then().statusCode(200)
                .body("schedule.timezone", equalTo("America/Los_Angeles")).body("retries.max", equalTo(3))
                .body("enabled", equalTo(false)).extract().jsonPath();
        String iso = job.getString("schedule.iso8601");
        Instant start = Instant.parse(iso.split("/")[1]);
        assertTrue(!start.isBefore(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                && !start.isAfter(Instant.now()), "an empty start is now: " + iso);
        assertTrue(iso.endsWith("/PT10M"), iso);
    }

    @Test
    void bad_chronos_input_is_a_400_naming_the_chronos_field() {
        given().contentType(ContentType.JSON).body("""
                {"name":"chronos-bad","command":"true","schedule":"R/2014-09-25T17:22:00Z/PT2M","epsilon":"30 minutes","cpus":"lots"}""")
                .post("/v1/scheduler/iso8601").then().statusCode(400)
                .body("errors.field", hasItem("/epsilon"));
        given().contentType(ContentType.JSON).body("""
                {"name":"chronos-bad","command":"true","schedule":"R/2014-09-25T17:22:00/PT2M","cpus":-1,"scheduleTimeZone":"Mars/Olympus"}""")
                .post("/v1/scheduler/iso8601").then().statusCode(400)
                .body("errors.field", hasItem("/cpus")).body("errors.field", hasItem("/scheduleTimeZone"));
        given().contentType(ContentType.JSON).body("""
                {"name":"chronos-bad","command":"true","schedule":"R/not-a-date/PT2M"}""")
                .post("/v1/scheduler/iso8601").then().statusCode(400).body("errors.field", hasItem("/schedule"));
        given().contentType(ContentType.JSON).body("""
                {"name":"chronos-bad","command":"true"}""")
                .post("/v1/scheduler/iso8601").then().statusCode(400).body("errors.field", hasItem("/schedule"));
        given().contentType(ContentType.JSON).body("""
                {"name":"chronos-bad","command":"true","parents":["no-such-job"]}""")
                .post("/v1/scheduler/dependency").then().statusCode(greaterThan400());
        given().get("/api/v1/jobs/chronos-bad").then().statusCode(404);
    }

    private static org.hamcrest.Matcher<Integer> greaterThan400() {
        return org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.greaterThanOrEqualTo(400), org.hamcrest.Matchers.lessThan(500));
    }

    @Test
    void delete_kill_and_leader() {
        post("iso8601", """
                {"schedule":"R/2030-01-01T00:00:00Z/P1D","name":"chronos-sleeper","command":"sleep 60","concurrent":true}""");
        given().put("/v1/scheduler/job/chronos-sleeper").then().statusCode(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> "RUNNING".equals(
                given().get("/api/v1/jobs/chronos-sleeper/runs").then().extract().path("items[0].state")));
        given().delete("/v1/scheduler/task/kill/chronos-sleeper").then().statusCode(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> "KILLED".equals(
                given().get("/api/v1/jobs/chronos-sleeper/runs").then().extract().path("items[0].state")));

        given().delete("/v1/scheduler/job/chronos-sleeper").then().statusCode(204);
        given().get("/v1/scheduler/job/chronos-sleeper").then().statusCode(400); // as Chronos answers a missing job
        given().get("/api/v1/jobs/chronos-sleeper").then().statusCode(404);

        String leader = given().get("/v1/scheduler/leader").then().statusCode(200).extract().path("leader");
        assertTrue(leader.matches(".+:\\d+"), leader);
        assertEquals(400, given().put("/v1/scheduler/job/no-such-job").then().extract().statusCode());
        assertEquals(400, given().delete("/scheduler/job/no-such-job").then().extract().statusCode());
        assertEquals(404, given().get("/api/v1/jobs/no-such-job").then().extract().statusCode(), "Kairos' own API keeps 404");
    }

    @Test
    void deleting_a_parent_re_parents_its_children_as_chronos_does() {
        post("iso8601", """
                {"schedule":"R/2030-01-01T00:00:00Z/P1D","name":"rp-root","command":"true"}""");
        post("dependency", """
                {"parents":["rp-root"],"name":"rp-middle","command":"true"}""");
        post("dependency", """
                {"parents":["rp-middle"],"name":"rp-leaf","command":"true"}""");
        post("dependency", """
                {"parents":["rp-root"],"name":"rp-sibling","command":"true"}""");

        // a dependent job's children take its parents
        given().delete("/v1/scheduler/job/rp-middle").then().statusCode(204);
        given().get("/v1/scheduler/job/rp-leaf").then().statusCode(200).body("parents", equalTo(List.of("rp-root")));
        // a scheduled job's children become scheduled on its schedule
        given().delete("/scheduler/job/rp-root").then().statusCode(204);
        for (String child : List.of("rp-leaf", "rp-sibling")) {
            given().get("/v1/scheduler/job/" + child).then().statusCode(200)
                    .body("schedule", equalTo("R/2030-01-01T00:00:00Z/P1D")).body("parents", nullValue());
        }
    }
}
