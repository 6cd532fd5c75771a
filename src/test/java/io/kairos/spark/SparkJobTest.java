package io.kairos.spark;

import io.kairos.run.RunState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Spark jobs (issue #5) through the real path: the jobs API, PostgreSQL, the dispatcher and the local agent running
 * Spark's own SparkSubmit (see {@code SparkSubmitResource}) on a real Spark application in local mode.
 */
@QuarkusTest
class SparkJobTest {

    private static Map<String, Object> piJob(String name) {
        Map<String, Object> spark = new LinkedHashMap<>();
        spark.put("appResource", SparkTestApps.piJar());
        spark.put("mainClass", SparkTestApps.PI_CLASS);
        spark.put("args", List.of("${slices}"));
        spark.put("conf", SparkTestApps.loopbackConf());
        spark.put("driverMemory", "512m");
        spark.put("master", "local[1]");
        Map<String, Object> job = new HashMap<>();
        job.put("name", name);
        job.put("spark", spark);
        job.put("parameters", List.of(Map.of("name", "slices", "type", "int", "default", 2)));
        return job;
    }

    private static JsonPath run(long id) {
        return given().get("/api/v1/runs/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static String log(long id, String stream) {
        return given().queryParam("stream", stream).get("/api/v1/runs/" + id + "/log").then().statusCode(200).extract().path("data");
    }

    @Test
    void a_spark_job_runs_a_real_spark_application_in_local_mode_and_its_result_is_in_the_run_log() {
        given().contentType(ContentType.JSON).body(piJob("spark-pi")).post("/api/v1/jobs").then().statusCode(201)
                // sized from the spec: local[1] is one core, 512 MiB of driver plus Spark's 384 MiB overhead
                .body("resources.cpus", equalTo(1.0f))
                .body("resources.memMb", equalTo(896));
        long id = given().contentType(ContentType.JSON).body(Map.of("params", Map.of("slices", 3)))
                .post("/api/v1/jobs/spark-pi/runs").then().statusCode(201).extract().jsonPath().getLong("id");

        await("spark run " + id + " to end").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> RunState.valueOf(run(id).getString("state")).isTerminal());
        String stdout = log(id, "stdout");
        String stderr = log(id, "stderr");
        assertEquals("SUCCEEDED", run(id).getString("state"), () -> "stdout:\n" + stdout + "\nstderr:\n" + stderr);
        org.hamcrest.MatcherAssert.assertThat(stdout, matchesPattern("(?s).*Pi is roughly 3\\.1\\d*.*"));
        // the parameter reached the application as one argument; --name and --master reached Spark
        org.hamcrest.MatcherAssert.assertThat(stdout, containsString("computed by spark-pi with 3 slices on local[1]"));
        // the driver's own log is the run's stderr, like any other run's
        org.hamcrest.MatcherAssert.assertThat(stderr, containsString("Running Spark version"));
    }

    @Test
    void a_spark_job_shows_every_field_and_a_put_of_its_get_changes_nothing() {
        Map<String, Object> job = piJob("spark-roundtrip");
        @SuppressWarnings("unchecked") Map<String, Object> spark = (Map<String, Object>) job.get("spark");
        spark.put("executorMemory", "2g");
        spark.put("executorCores", 2);
        spark.put("numExecutors", 3);
        given().contentType(ContentType.JSON).body(job).post("/api/v1/jobs").then().statusCode(201);
        Map<String, Object> got = given().get("/api/v1/jobs/spark-roundtrip").then().statusCode(200)
                .body("spark.appResource", equalTo(SparkTestApps.piJar()))
                .body("spark.mainClass", equalTo(SparkTestApps.PI_CLASS))
                .body("spark.args", equalTo(List.of("${slices}")))
                .body("spark.conf.'spark.ui.enabled'", equalTo("false"))
                .body("spark.driverMemory", equalTo("512m"))
                .body("spark.executorMemory", equalTo("2g"))
                .body("spark.executorCores", equalTo(2))
                .body("spark.numExecutors", equalTo(3))
                .body("spark.master", equalTo("local[1]"))
                .body("command", equalTo(null))
                .extract().jsonPath().getMap("");
        String before = given().get("/api/v1/jobs/spark-roundtrip").then().extract().jsonPath().getString("spark");
        given().contentType(ContentType.JSON).body(got).put("/api/v1/jobs/spark-roundtrip").then().statusCode(200);
        given().get("/api/v1/jobs/spark-roundtrip").then().statusCode(200)
                .body("spark.toString()", equalTo(before))
                .body("resources.memMb", equalTo(896));
    }

    @Test
    void sent_resources_of_a_spark_job_are_replaced_by_its_sizing_except_disk() {
        Map<String, Object> job = piJob("spark-sized");
        @SuppressWarnings("unchecked") Map<String, Object> spark = (Map<String, Object>) job.get("spark");
        spark.put("driverMemory", "4g");
        spark.put("master", "local[3]");
        job.put("resources", Map.of("cpus", 0.1, "memMb", 64, "diskMb", 500));
        given().contentType(ContentType.JSON).body(job).post("/api/v1/jobs").then().statusCode(201)
                .body("resources.cpus", equalTo(3.0f))
                // 4096 MiB of heap plus 10% overhead (410 MiB, more than the 384 minimum)
                .body("resources.memMb", equalTo(4506))
                .body("resources.diskMb", equalTo(500));
    }

    @Test
    void a_bad_spark_section_is_refused_naming_each_field() {
        Map<String, Object> spark = new LinkedHashMap<>();
        spark.put("appResource", "/opt/app.py");
        spark.put("mainClass", "org.example.Main");
        spark.put("driverMemory", "lots");
        spark.put("executorMemory", "1x");
        spark.put("executorCores", 0);
        spark.put("numExecutors", "two");
        spark.put("master", "local[0]");
        spark.put("conf", Map.of("hive.exec.dynamic", "x", "spark.driver.memory", "big"));
        spark.put("deployMode", "cluster");
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "spark-bad", "command", "echo", "spark", spark))
                .post("/api/v1/jobs").then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("/spark", "/spark/mainClass", "/spark/driverMemory", "/spark/executorMemory",
                        "/spark/executorCores", "/spark/numExecutors", "/spark/master", "/spark/conf/hive.exec.dynamic",
                        "/spark/conf/spark.driver.memory", "/spark/deployMode"));
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "spark-bad", "spark", Map.of("mainClass", "org.example.Main")))
                .post("/api/v1/jobs").then().statusCode(422)
                .body("errors.field", hasItems("/spark/appResource"));
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "spark-bad", "spark", Map.of("appResource", "/opt/app.zip")))
                .post("/api/v1/jobs").then().statusCode(422)
                .body("errors.find { it.field == '/spark/appResource' }.message", containsString(".jar or .py"));
    }
}
