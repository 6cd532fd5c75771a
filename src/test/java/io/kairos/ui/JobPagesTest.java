package io.kairos.ui;

import io.kairos.testing.ConsoleForm;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.job.JobDefinition;
import io.kairos.job.JobJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The console's job pages over plain HTTP: forms, refusals by field, search and pages. */
@QuarkusTest
class JobPagesTest {

    @jakarta.inject.Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    private static void createJob(String json) {
        given().contentType(ContentType.JSON).body(json).post("/api/v1/jobs").then().statusCode(201);
    }

    @Test
    void a_refused_form_is_a_422_page_with_each_error_beside_its_input() {
        String html = ConsoleForm.post().contentType(ContentType.URLENC)
                .formParam("/name", "pages-bad").formParam("/command", "true")
                .formParam("/schedule/cron", "0 0 31 2 *")
                .formParam("/resources/cpus", "lots")
                .post("/jobs/_new").then().statusCode(422).contentType(containsString("text/html")).extract().asString();
        assertTrue(errorOf(html, "f-schedule-cron").contains("never fires"), html);
        assertTrue(errorOf(html, "f-resources-cpus").contains("number"), html);
        given().get("/api/v1/jobs/pages-bad").then().statusCode(404);
    }

    @Test
    void run_now_with_a_bad_parameter_value_names_the_parameter_and_a_good_one_redirects_to_the_run() {
        createJob("""
                {"name":"pages-params","command":"echo $KAIROS_PARAM_N","parameters":[
                  {"name":"n","type":"int","required":true},{"name":"day","type":"date","default":"2024-01-31"},
                  {"name":"mode","type":"enum","values":["full","delta"],"default":"delta"}]}""");
        String page = given().get("/jobs/pages-params").then().statusCode(200).extract().asString();
        assertTrue(page.contains("type=\"number\" id=\"f-params-n\""), page);
        assertTrue(page.contains("type=\"date\" id=\"f-params-day\" name=\"/params/day\" value=\"2024-01-31\""), page);
        assertTrue(page.contains("<option value=\"delta\" selected>"), page);

        String refused = ConsoleForm.post().contentType(ContentType.URLENC)
                .formParam("/params/n", "seven").formParam("/params/day", "2024-02-30").formParam("/params/mode", "delta")
                .post("/jobs/pages-params/run").then().statusCode(422).extract().asString();
        assertTrue(errorOf(refused, "f-params-n").length() > 0, refused);
        assertTrue(errorOf(refused, "f-params-day").length() > 0, refused);

        String location = ConsoleForm.post().contentType(ContentType.URLENC)
                .formParam("/params/n", "7").formParam("/params/mode", "full")
                .post("/jobs/pages-params/run").then().statusCode(303).extract().header("Location");
        assertTrue(location.matches(".*/runs/\\d+"), location);
        long run = Long.parseLong(location.replaceAll(".*/", ""));
        given().get("/api/v1/runs/" + run).then().body("params.n", org.hamcrest.Matchers.equalTo(7))
                .body("params.mode", org.hamcrest.Matchers.equalTo("full"));
    }

    @Test
    void the_jobs_page_searches_by_owner_and_pages_through_matches_fifty_at_a_time() {
        for (int i = 0; i < 60; i++) {
            createJob("""
                    {"name":"pages-many-%02d","owner":"paging-team","command":"true","enabled":%s}""".formatted(i, i % 2 == 0));
        }
        given().get("/jobs?q=paging-team").then().statusCode(200)
                .body(containsString("Jobs 1–50 of 60")).body(containsString("pages-many-00")).body(not(containsString("pages-many-55")));
        given().get("/jobs?q=paging-team&page=1").then().statusCode(200)
                .body(containsString("Jobs 51–60 of 60")).body(containsString("pages-many-55"));
        given().get("/jobs?q=PAGING-TEAM&enabled=false&sort=name&dir=desc").then().statusCode(200)
                .body(containsString("of 30")).body(not(containsString("pages-many-58")));
        String desc = given().get("/jobs?q=paging-team&sort=name&dir=desc").then().extract().asString();
        assertTrue(desc.indexOf("pages-many-59") < desc.indexOf("pages-many-10"), "sorted by name, descending");
        given().get("/jobs?q=paging-team&state=NEVER").then().body(containsString("of 60"));
        given().get("/jobs?q=paging-team&state=FAILED").then().body(containsString("No jobs match."));
    }

    @Test
    void enable_disable_and_delete_with_confirmation_act_on_the_job() {
        createJob("""
                {"name":"pages-switch","command":"true","schedule":{"cron":"0 3 * * *"}}""");
        ConsoleForm.post().post("/jobs/pages-switch/disable").then().statusCode(303);
        given().get("/api/v1/jobs/pages-switch").then().body("enabled", org.hamcrest.Matchers.equalTo(false));
        ConsoleForm.post().post("/jobs/pages-switch/enable").then().statusCode(303);
        given().get("/api/v1/jobs/pages-switch").then().body("enabled", org.hamcrest.Matchers.equalTo(true));

        ConsoleForm.post().contentType(ContentType.URLENC).formParam("confirm", "wrong")
                .post("/jobs/pages-switch/delete").then().statusCode(422);
        given().get("/api/v1/jobs/pages-switch").then().statusCode(200);
        ConsoleForm.post().contentType(ContentType.URLENC).formParam("confirm", "pages-switch")
                .post("/jobs/pages-switch/delete").then().statusCode(303);
        given().get("/api/v1/jobs/pages-switch").then().statusCode(404);
    }

    @Test
    void a_definition_read_into_the_form_and_sent_back_is_the_same_definition_spark_gpus_and_ports_included() {
        String[] bodies = {"""
                {"name":"pages-rt-spark","owner":"data","schedule":{"cron":"0 1 * * *","timezone":"Europe/Berlin"},
                 "spark":{"appResource":"/opt/apps/pi.jar","mainClass":"org.example.SparkPi","args":["10"],
                          "conf":{"spark.ui.enabled":"false"},"driverMemory":"1g","numExecutors":2},
                 "resources":{"cpus":1.5,"memMb":512,"diskMb":0,"gpus":1,"ports":2}}""", """
                {"name":"pages-rt-plain","command":"echo 'a b' \\"c\\"","env":{"X":"1"},"parents":[],"enabled":false}"""};
        for (String body : bodies) {
            JobDefinition before = JobJson.parse(readTree(body), null);
            List<FormField> filled = FormFields.fill(JobForm.FIELDS, json.valueToTree(before), json);
            java.util.Map<String, String> sent = new java.util.HashMap<>();
            // a browser sends an unticked checkbox as nothing at all
            filled.stream().filter(f -> !(f.isCheck() && !f.isChecked())).forEach(f -> sent.put(f.name(), f.value()));
            assertEquals(before, JobJson.parse(JobForm.toJson(sent::get), null));
        }
    }

    private com.fasterxml.jackson.databind.JsonNode readTree(String body) {
        try {
            return json.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text of the error shown under the input with this id ("" when none). */
    private static String errorOf(String html, String inputId) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(inputId) + "-error\"[^>]*>([^<]*)<").matcher(html);
        return m.find() ? m.group(1) : "";
    }
}
