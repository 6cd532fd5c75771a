package io.kairos.compat;

import io.kairos.spark.SparkTestApps;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;

/** The Livy-compatible batch API (issue #5) through the real path, down to a real Spark application on the local agent. */
@QuarkusTest
class LivyApiTest {

    private static Map<String, Object> piBatch(String name) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("file", SparkTestApps.piJar());
        b.put("className", SparkTestApps.PI_CLASS);
        b.put("args", List.of(2)); // Livy's own examples give numbers
        b.put("conf", SparkTestApps.loopbackConf());
        b.put("driverMemory", "512m");
        b.put("name", name);
        return b;
    }

    private static String state(long id) {
        return given().get("/batches/" + id + "/state").then().statusCode(200).body("id", equalTo((int) id))
                .extract().path("state");
    }

    @Test
    void a_batch_runs_the_spark_application_and_answers_state_and_log_as_livy_does() {
        Map<String, Object> batch = piBatch("pi-batch");
        batch.put("proxyUser", "alice");
        io.restassured.response.ExtractableResponse<?> response = given().contentType(ContentType.JSON).body(batch)
                .post("/batches").then().statusCode(201)
                .header("Warnings", containsString("proxyUser"))
                .body("name", equalTo("pi-batch"))
                .body("proxyUser", equalTo("alice"))
                .body("state", oneOf("not_started", "starting", "running"))
                .body("appInfo.driverLogUrl", nullValue())
                .body("log", hasItem("stdout: "))
                .extract();
        long id = response.jsonPath().getLong("id");
        // relative, as Livy's
        assertThat(response.header("Location"), equalTo("/batches/" + id));

        await("batch " + id + " to end").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> List.of("success", "dead", "killed").contains(state(id)));
        JsonPath log = given().queryParam("size", -1).get("/batches/" + id + "/log").then().statusCode(200)
                .body("id", equalTo((int) id)).body("from", equalTo(0)).extract().jsonPath();
        List<String> lines = log.getList("log");
        assertThat(String.join("\n", lines), state(id), equalTo("success"));
        assertThat(lines.get(0), equalTo("stdout: "));
        assertThat(lines, hasItem(matchesPattern("Pi is roughly 3\\.1\\d*")));
        assertThat(lines, hasItem("\nstderr: "));
        assertThat(log.getInt("total"), equalTo(lines.size()));

        // by default the last 100 lines; from and size page through them
        given().get("/batches/" + id + "/log").then().statusCode(200)
                .body("log", hasSize(Math.min(100, lines.size())))
                .body("from", equalTo(Math.max(0, lines.size() - 100)));
        given().queryParam("from", 1).queryParam("size", 1).get("/batches/" + id + "/log").then().statusCode(200)
                .body("log", equalTo(List.of(lines.get(1)))).body("total", equalTo(lines.size()));

        given().get("/batches/" + id).then().statusCode(200)
                .body("id", equalTo((int) id)).body("state", equalTo("success"))
                .body("log.size()", lessThanOrEqualTo(10));
        // a batch is a Kairos run of a job made for it
        given().get("/api/v1/runs/" + id).then().statusCode(200)
                .body("state", equalTo("SUCCEEDED")).body("job", startsWith("livy-pi-batch-"));
        String job = given().get("/api/v1/runs/" + id).then().extract().path("job");
        given().get("/api/v1/jobs/" + job).then().statusCode(200)
                .body("owner", equalTo("alice"))
                .body("spark.conf.'spark.app.name'", equalTo("pi-batch"))
                .body("spark.args", equalTo(List.of("2")));
        given().queryParam("size", 1000).get("/batches").then().statusCode(200)
                .body("from", equalTo(0))
                .body("sessions.id", hasItem((int) id));

        given().delete("/batches/" + id).then().statusCode(200).body("msg", equalTo("deleted"));
        given().get("/batches/" + id).then().statusCode(404);
        given().get("/api/v1/runs/" + id).then().statusCode(200).body("state", equalTo("SUCCEEDED"));
    }

    @Test
    void deleting_a_batch_that_has_not_finished_kills_its_run() {
        // 8 GiB of driver does not fit the 4 GiB test agent: the batch waits in the queue
        Map<String, Object> batch = piBatch("too-big");
        batch.put("driverMemory", "8g");
        long id = given().contentType(ContentType.JSON).body(batch).post("/batches").then().statusCode(201)
                .body("state", equalTo("not_started")).extract().jsonPath().getLong("id");
        // a second batch of the same name is refused while the first is going, as Livy refuses duplicate names
        given().contentType(ContentType.JSON).body(batch).post("/batches").then().statusCode(409)
                .body("errors.field", hasItem("/name")).body("msg", containsString("still going"));
        // its log says why it has not started, where Airflow prints it
        await("batch " + id + " to say what it waits for").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/batches/" + id + "/log").then().statusCode(200).extract().jsonPath()
                        .<String>getList("log").stream().anyMatch(l -> l.startsWith("waiting for resources: ")));
        given().get("/batches/" + id).then().statusCode(200).body("log", hasItem(LivyLog.DIAGNOSTICS));

        given().delete("/batches/" + id).then().statusCode(200).body("msg", equalTo("deleted"));
        given().get("/batches/" + id + "/state").then().statusCode(404);
        await("run " + id + " killed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> "KILLED".equals(given().get("/api/v1/runs/" + id).then().extract().path("state")));
    }

    @Test
    void bad_batches_are_refused_naming_livy_fields() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("className", "not a class");
        bad.put("driverMemory", "lots");
        bad.put("executorCores", 0);
        bad.put("jars", "a.jar");
        bad.put("driverCores", "two");
        bad.put("args", List.of(Map.of()));
        bad.put("bogus", 1);
        given().contentType(ContentType.JSON).body(bad).post("/batches").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("/jars", "/args/0", "/bogus"))
                .body("msg", containsString("/jars: must be an array"));
        bad.remove("jars");
        bad.remove("args");
        bad.remove("bogus");
        given().contentType(ContentType.JSON).body(bad).post("/batches").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("/file", "/className", "/driverMemory", "/executorCores", "/driverCores"));
        given().contentType(ContentType.JSON).body("[]").post("/batches").then().statusCode(400);
    }

    @Test
    void numbers_as_strings_are_taken_and_a_string_that_is_none_is_refused_naming_its_field() {
        Map<String, Object> batch = piBatch("strings-" + System.nanoTime());
        batch.put("driverMemory", "8g"); // waits: it is deleted before it runs
        batch.put("numExecutors", "2");
        batch.put("executorCores", "1");
        batch.put("conf", Map.of("spark.ui.enabled", "false", "airflow.ctx.dag_id", "etl"));
        io.restassured.response.Response r = given().contentType(ContentType.JSON).body(batch).post("/batches");
        r.then().statusCode(201).header("Warnings", containsString("conf airflow.ctx.dag_id is not a Spark property"));
        long id = r.jsonPath().getLong("id");
        String job = given().get("/api/v1/runs/" + id).then().extract().path("job");
        given().get("/api/v1/jobs/" + job).then().statusCode(200)
                .body("spark.numExecutors", equalTo(2)).body("spark.executorCores", equalTo(1))
                .body("spark.conf", equalTo(Map.of("spark.ui.enabled", "false", "spark.app.name", batch.get("name"))));
        given().delete("/batches/" + id).then().statusCode(200);

        batch.put("numExecutors", "two");
        given().contentType(ContentType.JSON).body(batch).post("/batches").then().statusCode(400)
                .body("errors.field", equalTo(List.of("/numExecutors"))).body("msg", startsWith("/numExecutors: "));
    }

    @Test
    void batches_page_as_livy_pages_them() {
        long id = given().contentType(ContentType.JSON).body(Map.of("file", "/tmp/no-such-app.jar", "className", "A", "driverMemory", "8g"))
                .post("/batches").then().statusCode(201).extract().jsonPath().getLong("id");
        int total = given().get("/batches").then().statusCode(200).body("from", equalTo(0)).extract().path("total");
        assertThat(total, org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        // Livy's slice from..from+size: none for size 0 (or less), every batch for a size past their number
        given().queryParam("size", 0).get("/batches").then().statusCode(200)
                .body("sessions", hasSize(0)).body("total", equalTo(total));
        given().queryParam("size", -1).get("/batches").then().statusCode(200).body("sessions", hasSize(0));
        given().queryParam("size", 100000).get("/batches").then().statusCode(200)
                .body("sessions", hasSize(total)).body("sessions.id", hasItem((int) id));
        given().queryParam("from", total - 1).queryParam("size", 100000).get("/batches").then().statusCode(200)
                .body("from", equalTo(total - 1)).body("sessions", hasSize(1));
        given().queryParam("from", "first").get("/batches").then().statusCode(400)
                .body("errors.field", equalTo(List.of("from"))).body("msg", containsString("whole number"));
        given().queryParam("size", "99999999999").get("/batches").then().statusCode(400).body("errors.field", equalTo(List.of("size")));
        given().delete("/batches/" + id).then().statusCode(200);
    }

    @Test
    void an_unknown_batch_is_a_404() {
        given().get("/batches/987654321").then().statusCode(404).contentType("application/problem+json")
                .body("msg", equalTo("no batch with id 987654321")).body("detail", equalTo("no batch with id 987654321"));
        // Livy finds batches by id only, and answers a name with a 400
        given().get("/batches/pi-batch").then().statusCode(400).body("errors.field", equalTo(List.of("id")))
                .body("msg", containsString("numeric id only"));
        given().queryParam("size", "ten").get("/batches/987654321/log").then().statusCode(400).body("errors.field", equalTo(List.of("size")));
        given().contentType(ContentType.JSON).body("{\"file\": ").post("/batches").then().statusCode(400)
                .body("msg", startsWith("the body is not valid JSON"));
        // Kairos' own API keeps plain RFC 9457
        given().get("/api/v1/runs/987654321").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("987654321")).body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("msg")));
        given().get("/batches/987654321/state").then().statusCode(404);
        given().get("/batches/987654321/log").then().statusCode(404);
        given().delete("/batches/987654321").then().statusCode(404);
        given().queryParam("from", -1).get("/batches").then().statusCode(is(400));
    }
}
