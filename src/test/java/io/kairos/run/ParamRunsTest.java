package io.kairos.run;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Parameterised runs (issue #5) through the real path: REST, PostgreSQL, dispatcher, local agent running plain processes. */
@QuarkusTest
class ParamRunsTest {

    private static final List<Map<String, Object>> DATE_AND_MODE = List.of(
            Map.of("name", "date", "type", "date", "required", true),
            Map.of("name", "mode", "type", "enum", "values", List.of("full", "delta"), "default", "delta"),
            Map.of("name", "note", "type", "string"),
            Map.of("name", "count", "type", "int", "default", 3));

    /** Prints its arguments one per bracket, then the parameters' environment variables. */
    private static final List<String> PRINT_ARGS = List.of("/bin/sh", "-c",
            "printf '[%s]' \"$@\"; echo; echo \"env=$KAIROS_PARAM_DATE/$KAIROS_PARAM_MODE/$KAIROS_PARAM_NOTE/$KAIROS_PARAM_COUNT\"",
            "sh", "${date}", "${mode}", "${note}", "${count}", "--day=${date}", "$${date}", "${unknown}");

    private static Map<String, Object> job(String name, Object parameters) {
        Map<String, Object> job = new HashMap<>();
        job.put("name", name);
        job.put("args", PRINT_ARGS);
        job.put("resources", Map.of("cpus", 0.1, "memMb", 32));
        job.put("parameters", parameters);
        return job;
    }

    private static void create(Map<String, Object> job) {
        given().contentType(ContentType.JSON).body(job).post("/api/v1/jobs").then().statusCode(201);
    }

    private static JsonPath run(long id) {
        return given().get("/api/v1/runs/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static void awaitEnded(long id) {
        await("run " + id + " to end").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> RunState.valueOf(run(id).getString("state")).isTerminal());
    }

    private static String log(long id) {
        return given().get("/api/v1/runs/" + id + "/log").then().statusCode(200).extract().path("data");
    }

    @Test
    void parameters_are_validated_when_the_job_is_saved_naming_each_bad_field() {
        given().contentType(ContentType.JSON).body(job("param-bad-def", List.of(
                        Map.of("name", "1st", "type", "string"),
                        Map.of("name", "a", "type", "float"),
                        Map.of("name", "e", "type", "enum"),
                        Map.of("name", "d", "type", "date", "default", "31.01.2024"),
                        Map.of("name", "A", "type", "string"),
                        Map.of("name", "n", "type", "int", "default", "three", "colour", "red"))))
                .post("/api/v1/jobs").then().statusCode(422)
                .body("errors.field", hasItems("/parameters/0/name", "/parameters/1/type", "/parameters/2/values",
                        "/parameters/3/default", "/parameters/4/name", "/parameters/5/default", "/parameters/5/colour"));
    }

    @Test
    void a_scheduled_job_whose_required_parameter_has_no_default_is_refused() {
        Map<String, Object> job = job("param-scheduled", List.of(Map.of("name", "date", "type", "date", "required", true)));
        job.put("schedule", Map.of("cron", "0 2 * * *"));
        given().contentType(ContentType.JSON).body(job).post("/api/v1/jobs").then().statusCode(422)
                .body("errors.field", hasItem("/parameters/0/default"));
        job.put("parameters", List.of(Map.of("name", "date", "type", "date", "required", true, "default", "2024-01-01")));
        given().contentType(ContentType.JSON).body(job).post("/api/v1/jobs").then().statusCode(201);
    }

    @Test
    void what_is_put_is_what_get_returns_for_parameters() {
        create(job("param-roundtrip", DATE_AND_MODE));
        Map<String, Object> got = given().get("/api/v1/jobs/param-roundtrip").then().statusCode(200).extract().as(Map.class);
        given().contentType(ContentType.JSON).body(got).put("/api/v1/jobs/param-roundtrip").then().statusCode(200)
                .body("parameters[0].type", equalTo("date"))
                .body("parameters[0].required", equalTo(true))
                .body("parameters[1].values", equalTo(List.of("full", "delta")))
                .body("parameters[1].default", equalTo("delta"))
                .body("parameters[3].default", equalTo(3));
    }

    @Test
    void run_values_are_validated_naming_each_param() {
        create(job("param-bad-run", DATE_AND_MODE));
        given().contentType(ContentType.JSON).body(Map.of("params", Map.of("mode", "weekly", "count", "x", "bogus", 1)))
                .post("/api/v1/jobs/param-bad-run/runs").then().statusCode(422)
                .body("errors.field", hasItems("/params/date", "/params/mode", "/params/count", "/params/bogus"));
        given().contentType(ContentType.JSON).body(Map.of("params", Map.of("date", "2024-02-30")))
                .post("/api/v1/jobs/param-bad-run/runs").then().statusCode(422)
                .body("errors.field", hasItem("/params/date"));
        given().contentType(ContentType.JSON).body(Map.of("params", Map.of("date", 20240130)))
                .post("/api/v1/jobs/param-bad-run/runs").then().statusCode(422)
                .body("errors.field", hasItem("/params/date"));
        // no body at all: the required date is missing
        given().post("/api/v1/jobs/param-bad-run/runs").then().statusCode(422).body("errors.field", hasItem("/params/date"));
        given().get("/api/v1/jobs/param-bad-run/runs").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void values_reach_the_task_as_environment_variables_and_whole_arguments_only() {
        create(job("param-echo", DATE_AND_MODE));
        long id = given().contentType(ContentType.JSON)
                .body(Map.of("params", Map.of("date", "2024-01-31", "note", "a b; echo injected")))
                .post("/api/v1/jobs/param-echo/runs").then().statusCode(201)
                .body("params", equalTo(Map.of("date", "2024-01-31", "mode", "delta", "note", "a b; echo injected", "count", 3)))
                .extract().jsonPath().getLong("id");
        awaitEnded(id);
        assertEquals("SUCCEEDED", run(id).getString("state"));
        assertEquals("[2024-01-31][delta][a b; echo injected][3][--day=${date}][$${date}][${unknown}]\n"
                + "env=2024-01-31/delta/a b; echo injected/3\n", log(id));
    }

    @Test
    void an_optional_parameter_without_value_or_default_is_empty() {
        create(job("param-empty", DATE_AND_MODE));
        long id = given().contentType(ContentType.JSON).body(Map.of("params", Map.of("date", "2024-01-31", "mode", "full")))
                .post("/api/v1/jobs/param-empty/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        awaitEnded(id);
        assertEquals("[2024-01-31][full][][3][--day=${date}][$${date}][${unknown}]\nenv=2024-01-31/full//3\n", log(id));
    }

    @Test
    void rerun_runs_a_finished_run_again_with_the_same_params_as_a_new_manual_run() {
        create(job("param-rerun", DATE_AND_MODE));
        long first = given().contentType(ContentType.JSON).body(Map.of("params", Map.of("date", "2023-12-24", "mode", "full")))
                .post("/api/v1/jobs/param-rerun/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        awaitEnded(first);
        long again = given().post("/api/v1/runs/" + first + "/rerun").then().statusCode(201)
                .header("Location", containsString("/api/v1/runs/"))
                .body("trigger", equalTo("MANUAL"))
                .body("id", not(equalTo((int) first)))
                .body("reason", equalTo("rerun of run " + first))
                .body("params.date", equalTo("2023-12-24"))
                .body("params.mode", equalTo("full"))
                .extract().jsonPath().getLong("id");
        awaitEnded(again);
        assertEquals(log(first), log(again));
        given().get("/api/v1/jobs/param-rerun/runs").then().statusCode(200).body("total", equalTo(2));
    }

    @Test
    void a_run_still_going_cannot_be_rerun() {
        Map<String, Object> job = job("param-rerun-busy", List.of());
        job.put("args", List.of("/bin/sleep", "30"));
        create(job);
        long id = given().post("/api/v1/jobs/param-rerun-busy/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        given().post("/api/v1/runs/" + id + "/rerun").then().statusCode(409);
        given().post("/api/v1/runs/" + id + "/kill").then().statusCode(200);
        given().post("/api/v1/runs/999999999/rerun").then().statusCode(404);
    }
}
