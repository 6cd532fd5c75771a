package io.kairos.security;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A secret through the real path: REST, PostgreSQL, the dispatcher and the local agent running a process. */
@QuarkusTest
class JobSecretsTest {

    private static final String VALUE = "pa55-w0rd-xyzzy";

    @Inject
    DataSource db;

    @Test
    void a_secret_reaches_the_process_masked_in_its_log_and_never_comes_back() throws Exception {
        String body = "{\"name\":\"secret-echo\",\"command\":\"echo \\\"pw=$DB_PW len=${#DB_PW}\\\"\","
                + "\"resources\":{\"cpus\":0.1,\"memMb\":32},\"secrets\":{\"DB_PW\":\"" + VALUE + "\"}}";
        given().contentType(ContentType.JSON).body(body).post("/api/v1/jobs").then().statusCode(201)
                .body(not(containsString(VALUE))).body("secrets", equalTo(java.util.List.of("DB_PW")));
        given().get("/api/v1/jobs/secret-echo").then().statusCode(200).body(not(containsString(VALUE)))
                .body("secrets", equalTo(java.util.List.of("DB_PW")));
        given().get("/api/v1/jobs").then().statusCode(200).body(not(containsString(VALUE)));

        try (Connection c = db.getConnection(); ResultSet r = c.createStatement().executeQuery(
                "select s.sealed from job_secret s join job j on j.id = s.job_id where j.name = 'secret-echo'")) {
            assertTrue(r.next());
            assertFalse(new String(r.getBytes(1), StandardCharsets.ISO_8859_1).contains(VALUE));
        }

        long run = given().post("/api/v1/jobs/secret-echo/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> "SUCCEEDED".equals(
                given().get("/api/v1/runs/" + run).then().extract().path("state")));
        String log = given().get("/api/v1/runs/" + run + "/log?stream=stdout").then().statusCode(200).extract().path("data");
        // the task had the value (its length proves it), the stored log has only the mask
        assertEquals("pw=*** len=" + VALUE.length() + "\n", log);
        given().get("/api/v1/runs/" + run).then().body(not(containsString(VALUE)));

        // a PUT of what GET answered keeps the value
        String got = given().get("/api/v1/jobs/secret-echo").then().extract().asString();
        given().contentType(ContentType.JSON).body(got).put("/api/v1/jobs/secret-echo").then().statusCode(200)
                .body("secrets", equalTo(java.util.List.of("DB_PW")));
        // the page does not show it either
        given().get("/jobs/secret-echo").then().body(not(containsString(VALUE)));
    }

    /** The job still names its secret, and a run of it (printing the value's length) still gets the value. */
    private static void assertTheTaskStillGetsTheSecret(String job) {
        given().get("/api/v1/jobs/" + job).then().body("secrets", equalTo(java.util.List.of("DB_PW")));
        long run = given().post("/api/v1/jobs/" + job + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> "SUCCEEDED".equals(
                given().get("/api/v1/runs/" + run).then().extract().path("state")));
        assertEquals("len=" + VALUE.length() + "\n",
                given().get("/api/v1/runs/" + run + "/log?stream=stdout").then().extract().path("data"));
    }

    /** What Qute escapes in HTML, back. */
    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    @Test
    void no_secret_reaches_kairos_own_log_even_at_debug() {
        java.util.List<String> lines = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                Object[] params = r.getParameters();
                lines.add(r.getLoggerName() + " " + r.getMessage() + " " + (params == null ? "" : java.util.Arrays.toString(params))
                        + " " + (r.getThrown() == null ? "" : r.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        // Quarkus logs through JBoss LogManager's context, which the JDK's own root logger may not be
        java.util.logging.Logger kairos = org.jboss.logmanager.LogContext.getLogContext().getLogger("io.kairos");
        java.util.logging.Level before = kairos.getLevel();
        java.util.logging.Logger root = org.jboss.logmanager.LogContext.getLogContext().getLogger("");
        kairos.setLevel(java.util.logging.Level.ALL);
        root.addHandler(capture);
        try {
            // the capture itself is checked: a DEBUG line of Kairos' own categories must arrive
            org.jboss.logging.Logger.getLogger("io.kairos.security.JobSecretsTest").debug("capture-marker");
            String body = "{\"name\":\"secret-log\",\"command\":\"echo $DB_PW; echo $DB_PW >&2; exit 3\","
                    + "\"resources\":{\"cpus\":0.1,\"memMb\":32},\"secrets\":{\"DB_PW\":\"" + VALUE + "\"}}";
            given().contentType(ContentType.JSON).body(body).post("/api/v1/jobs").then().statusCode(201);
            // a refused change names the field, never the value
            given().contentType(ContentType.JSON).body(body.replace("\"DB_PW\"", "\"1BAD\"")).put("/api/v1/jobs/secret-log")
                    .then().statusCode(422).body(not(containsString(VALUE)));
            long run = given().post("/api/v1/jobs/secret-log/runs").then().statusCode(201).extract().jsonPath().getLong("id");
            await().atMost(Duration.ofSeconds(60)).until(() -> "FAILED".equals(
                    given().get("/api/v1/runs/" + run).then().extract().path("state")));
        } finally {
            root.removeHandler(capture);
            kairos.setLevel(before);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("capture-marker")), "DEBUG lines were not captured: the test would prove nothing");
        synchronized (lines) {
            for (String line : lines) {
                assertFalse(line.contains(VALUE), "a secret reached Kairos' log: " + line);
            }
        }
    }

    @Test
    void a_job_posted_back_through_the_chronos_api_keeps_its_secret_and_chronos_never_shows_it() {
        String body = "{\"name\":\"secret-chronos\",\"command\":\"echo len=${#DB_PW}\",\"owner\":\"x@example.com\","
                + "\"schedule\":{\"iso8601\":\"R/2030-01-01T00:00:00Z/PT1H\"},"
                + "\"resources\":{\"cpus\":0.1,\"memMb\":32},\"secrets\":{\"DB_PW\":\"" + VALUE + "\"}}";
        given().contentType(ContentType.JSON).body(body).post("/api/v1/jobs").then().statusCode(201);
        String all = given().get("/v1/scheduler/jobs").then().statusCode(200).extract().asString();
        assertFalse(all.contains(VALUE));
        java.util.Map<String, Object> chronos = given().get("/v1/scheduler/jobs").then().extract().jsonPath()
                .getMap("find { it.name == 'secret-chronos' }");
        given().contentType(ContentType.JSON).body(chronos).post("/v1/scheduler/iso8601").then().statusCode(204);
        assertTheTaskStillGetsTheSecret("secret-chronos");
    }

    @Test
    void saving_a_job_through_the_console_forms_unchanged_keeps_its_secret() {
        String body = "{\"name\":\"secret-console\",\"command\":\"echo len=${#DB_PW}\","
                + "\"resources\":{\"cpus\":0.1,\"memMb\":32},\"secrets\":{\"DB_PW\":\"" + VALUE + "\"}}";
        given().contentType(ContentType.JSON).body(body).post("/api/v1/jobs").then().statusCode(201);
        String edit = given().get("/jobs/secret-console/edit").then().statusCode(200).extract().asString();
        assertFalse(edit.contains(VALUE));
        java.util.regex.Matcher json = java.util.regex.Pattern.compile("<textarea name=\"definition\"[^>]*>([^<]*)</textarea>").matcher(edit);
        assertTrue(json.find(), edit);
        String definition = unescape(json.group(1));
        assertTrue(definition.contains("DB_PW"), "the JSON editor names the secret: " + definition);
        io.kairos.testing.ConsoleForm.post().contentType(ContentType.URLENC).formParam("definition", definition)
                .post("/jobs/secret-console/edit/json").then().statusCode(303);
        // the form editor too: every named input sent back as the page filled it
        java.util.regex.Matcher input = java.util.regex.Pattern.compile("<input[^>]*name=\"(/[^\"]+)\"[^>]*value=\"([^\"]*)\"").matcher(edit);
        io.restassured.specification.RequestSpecification form = io.kairos.testing.ConsoleForm.post().contentType(ContentType.URLENC);
        while (input.find()) {
            form = form.formParam(input.group(1), unescape(input.group(2)));
        }
        java.util.regex.Matcher area = java.util.regex.Pattern.compile("<textarea[^>]*name=\"(/[^\"]+)\"[^>]*>([^<]*)</textarea>").matcher(edit);
        while (area.find()) {
            form = form.formParam(area.group(1), unescape(area.group(2)));
        }
        form.post("/jobs/secret-console/edit").then().statusCode(303);
        assertTheTaskStillGetsTheSecret("secret-console");
    }

    @Test
    void a_container_job_gets_its_secret_and_its_log_shows_the_mask() {
        // TestImages builds the local image, and fails (does not skip) without Docker
        String image = io.kairos.testing.TestImages.busybox();
        String body = "{\"name\":\"secret-docker\",\"container\":{\"image\":\"" + image + "\"},"
                + "\"command\":\"echo \\\"pw=$DB_PW len=${#DB_PW}\\\"\",\"resources\":{\"cpus\":0.1,\"memMb\":32},"
                + "\"secrets\":{\"DB_PW\":\"" + VALUE + "\"}}";
        given().contentType(ContentType.JSON).body(body).post("/api/v1/jobs").then().statusCode(201).body(not(containsString(VALUE)));
        long run = given().post("/api/v1/jobs/secret-docker/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(Duration.ofSeconds(90)).until(() -> "SUCCEEDED".equals(
                given().get("/api/v1/runs/" + run).then().extract().path("state")));
        String log = given().get("/api/v1/runs/" + run + "/log?stream=stdout").then().statusCode(200).extract().path("data");
        assertEquals("pw=*** len=" + VALUE.length() + "\n", log);
    }

    @Test
    void a_secret_named_like_an_env_variable_is_refused_naming_the_field() {
        given().contentType(ContentType.JSON).body("{\"name\":\"secret-clash\",\"command\":\"true\",\"env\":{\"X\":\"1\"},"
                        + "\"secrets\":{\"X\":\"2\",\"1bad\":\"3\"}}")
                .post("/api/v1/jobs").then().statusCode(422).body(containsString("/secrets/X")).body(containsString("/secrets/1bad"))
                .body(not(containsString("\"2\"")));
    }
}
