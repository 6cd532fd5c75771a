package io.kairos.ui;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.testing.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The jobs, job and run pages in Debian's chromium, against the real application and its in-process agent. */
@QuarkusTest
class JobPagesBrowserTest {

    @TestHTTPResource("/")
    URL root;

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    private static void type(WebDriver d, String field, String text) {
        WebElement e = d.findElement(By.name(field));
        e.clear();
        e.sendKeys(text);
    }

    @Test
    void a_job_created_through_the_form_runs_and_its_log_appears_live_on_the_run_page() {
        try (Browser browser = Browser.open()) {
            WebDriver d = browser.driver();
            d.get(url("/jobs/_new"));
            type(d, "/name", "ui-echo");
            type(d, "/owner", "console-team");
            type(d, "/description", "says hello, then goodbye");
            // a plain process on the in-process agent: no container image
            type(d, "/command", "echo hello from the console; sleep 2; echo goodbye >&2");
            type(d, "/schedule/cron", "0 2 * * *");
            type(d, "/schedule/timezone", "Europe/Berlin");
            browser.screenshot("job-new");
            d.findElement(By.id("save-job")).click();

            browser.waitUpTo(10).until(ExpectedConditions.urlContains("/jobs/ui-echo"));
            assertEquals("ui-echo", d.findElement(By.id("job-name")).getText());
            assertEquals("At 02:00", d.findElement(By.id("schedule-words")).getText());
            assertEquals(10, d.findElements(By.cssSelector("#next-fires li")).size());
            assertTrue(d.findElement(By.cssSelector("#next-fires li time")).getText().matches(".*02:00:00 CES?T"),
                    d.findElement(By.cssSelector("#next-fires li time")).getText());

            d.findElement(By.id("run-now-button")).click();
            browser.waitUpTo(10).until(ExpectedConditions.urlMatches(".*/runs/\\d+$"));
            // the first line shows while the command still sleeps before its second: the tail is live
            browser.waitUpTo(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-stdout"), "hello from the console"));
            String stderrWhenFirstLineShown = d.findElement(By.id("log-stderr")).getText();
            browser.waitUpTo(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-stderr"), "goodbye"));
            browser.waitUpTo(30).until(ExpectedConditions.textToBe(By.id("run-state"), "SUCCEEDED"));
            assertEquals("", stderrWhenFirstLineShown.strip());
            assertEquals("hello from the console", d.findElement(By.id("log-stdout")).getText().strip());
            browser.waitUpTo(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("tail-stdout"), "end of output"));
            assertTrue(d.findElement(By.id("timeline")).getText().contains("attempt 1 FINISHED"), d.findElement(By.id("timeline")).getText());
            assertTrue(d.findElement(By.cssSelector("table.attempts tbody")).getText().contains("FINISHED"));
            browser.screenshot("run-desktop");
            browser.phone();
            d.navigate().refresh();
            browser.waitUpTo(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-stdout"), "hello from the console"));
            browser.screenshot("run-phone");
            browser.desktop();

            d.get(url("/jobs/ui-echo"));
            browser.waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#history-table tr[data-run]")));
            browser.waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#duration-chart .uplot")));
            browser.screenshot("job-desktop");
            browser.phone();
            d.navigate().refresh();
            browser.screenshot("job-phone");
            browser.desktop();

            d.get(url("/jobs?q=console-team"));
            WebElement row = d.findElement(By.cssSelector("tr[data-job=ui-echo]"));
            assertTrue(row.getText().contains("SUCCEEDED"), row.getText());
            assertEquals(1, row.findElements(By.cssSelector(".strip i.SUCCEEDED")).size());
        }
    }

    @Test
    void a_bad_cron_in_the_form_is_shown_beside_the_cron_input_and_nothing_is_saved() {
        try (Browser browser = Browser.open()) {
            WebDriver d = browser.driver();
            d.get(url("/jobs/_new"));
            type(d, "/name", "ui-bad-cron");
            type(d, "/command", "true");
            type(d, "/schedule/cron", "0 0 31 2 *");
            type(d, "/resources/memMb", "-5");
            d.findElement(By.id("save-job")).click();
            WebElement cronError = browser.waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("f-schedule-cron-error")));
            assertTrue(cronError.getText().contains("never fires"), cronError.getText());
            assertTrue(!d.findElement(By.id("f-resources-memMb-error")).getText().isBlank());
            // what was typed is still there, to be corrected
            assertEquals("0 0 31 2 *", d.findElement(By.name("/schedule/cron")).getAttribute("value"));
            browser.screenshot("job-form-errors");
        }
        given().get("/api/v1/jobs/ui-bad-cron").then().statusCode(404);
    }

    @Test
    void saving_the_edit_form_unchanged_keeps_every_field_of_the_definition() {
        given().contentType(ContentType.JSON).body("""
                {"name":"ui-roundtrip","description":"every field","owner":"ops",
                 "schedule":{"cron":"*/15 * * * *","timezone":"America/New_York"},
                 "container":{"image":"busybox:latest","forcePull":true},"args":["/bin/echo","${day}","two words"],
                 "env":{"A":"1","B":"x=y"},"resources":{"cpus":0.5,"memMb":256,"diskMb":10},"role":"analytics",
                 "constraints":[["rack","EQUALS","r1"],["hostname","UNIQUE"]],"placement":"SPREAD","enabled":false,
                 "startingDeadlineSeconds":300,"catchUp":"ALL",
                 "retries":{"max":3,"backoffSeconds":5,"backoffFactor":1.5,"maxBackoffSeconds":60},
                 "timeoutSeconds":3600,"concurrencyPolicy":"FORBID","expectedRuntimeSeconds":900,"softError":true,
                 "notifications":[{"on":["FAILURE"],"webhook":{"url":"https://example.com/hook","format":"slack"}}],
                 "parameters":[{"name":"day","type":"date","default":"2024-01-31","required":true},
                               {"name":"mode","type":"enum","values":["full","delta"],"default":"delta"}]}""")
                .post("/api/v1/jobs").then().statusCode(201);
        Map<String, Object> before = definition("ui-roundtrip");
        try (Browser browser = Browser.open()) {
            WebDriver d = browser.driver();
            d.get(url("/jobs/ui-roundtrip/edit"));
            browser.screenshot("job-edit");
            d.findElement(By.id("save-job")).click();
            browser.waitUpTo(10).until(ExpectedConditions.urlContains("/jobs/ui-roundtrip?message=saved"));
        }
        assertEquals(before, definition("ui-roundtrip"));
    }

    @Test
    void the_jobs_page_shows_schedules_in_words_next_fires_last_states_and_recent_runs() {
        String[][] jobs = {
                {"demo-nightly-etl", "data-eng", "{\"cron\":\"0 2 * * *\",\"timezone\":\"Europe/Berlin\"}", "exit 0"},
                {"demo-hourly-sync", "data-eng", "{\"cron\":\"15 * * * *\"}", "exit 0"},
                {"demo-billing-export", "finance", "{\"cron\":\"30 6 * * 1-5\",\"timezone\":\"America/New_York\"}", "exit 3"},
                {"demo-weekly-report", "analytics", "{\"cron\":\"0 8 * * 1\",\"timezone\":\"Asia/Tokyo\"}", "exit 0"},
                {"demo-cache-warmup", "platform", "{\"iso8601\":\"R/2026-01-01T00:00:00Z/PT30M\"}", "exit 0"},
                {"demo-adhoc-fix", "ops", "null", "exit 0"}};
        for (String[] j : jobs) {
            given().contentType(ContentType.JSON).body("""
                    {"name":"%s","owner":"%s","schedule":%s,"command":"%s","resources":{"cpus":0.1,"memMb":16}}"""
                    .formatted(j[0], j[1], j[2], j[3])).post("/api/v1/jobs").then().statusCode(201);
        }
        // a few runs each, the billing export failing
        for (int round = 0; round < 3; round++) {
            for (String[] j : jobs) {
                long run = given().post("/api/v1/jobs/" + j[0] + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> io.kairos.run.RunState.valueOf(
                        given().get("/api/v1/runs/" + run).then().extract().<String>path("state")).isTerminal());
            }
        }
        try (Browser browser = Browser.open()) {
            WebDriver d = browser.driver();
            d.get(url("/jobs?q=demo-"));
            browser.screenshot("jobs-desktop");
            WebElement billing = d.findElement(By.cssSelector("tr[data-job=demo-billing-export]"));
            assertTrue(billing.getText().contains("FAILED"), billing.getText());
            assertEquals(3, billing.findElements(By.cssSelector(".strip i.FAILED")).size());
            assertTrue(billing.getText().contains("At 06:30 every day between Monday and Friday"), billing.getText());
            assertTrue(billing.getText().contains("America/New_York"), billing.getText());
            assertTrue(d.findElement(By.cssSelector("tr[data-job=demo-cache-warmup]")).getText().contains("Every 30 minutes"));
            assertTrue(d.findElement(By.cssSelector("tr[data-job=demo-adhoc-fix]")).getText().contains("on demand"));
            browser.screenshot("jobs-desktop");
            browser.phone();
            d.navigate().refresh();
            browser.screenshot("jobs-phone");
        }
    }

    @Test
    void typing_in_the_search_box_narrows_the_table_in_place_and_the_pager_moves_through_the_matches() {
        for (int i = 0; i < 55; i++) {
            given().contentType(ContentType.JSON).body("""
                    {"name":"browse-%02d","owner":"browse-team","command":"true"}""".formatted(i)).post("/api/v1/jobs").then().statusCode(201);
        }
        try (Browser browser = Browser.open()) {
            WebDriver d = browser.driver();
            d.get(url("/jobs"));
            org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) d;
            js.executeScript("window.stillTheSamePage = true;");
            d.findElement(By.name("q")).sendKeys("browse-team");
            browser.waitUpTo(10).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#jobs-table .count"), "Jobs 1–50 of 55"));
            assertEquals(Boolean.TRUE, js.executeScript("return window.stillTheSamePage === true;"), "the table was swapped, not the page reloaded");
            browser.waitUpTo(10).until(ExpectedConditions.urlContains("q=browse-team"));
            assertEquals(50, d.findElements(By.cssSelector("tr.job-row")).size());
            d.findElement(By.cssSelector("a[rel=next]")).click();
            browser.waitUpTo(10).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#jobs-table .count"), "Jobs 51–55 of 55"));
            assertEquals(List.of("browse-50", "browse-51", "browse-52", "browse-53", "browse-54"),
                    d.findElements(By.cssSelector("tr.job-row .job-name")).stream().map(WebElement::getText).toList());
            // sorting by name, descending, from the column heading
            d.get(url("/jobs?q=browse-team"));
            d.findElement(By.linkText("Name ▲")).click();
            browser.waitUpTo(10).until(ExpectedConditions.urlContains("dir=desc"));
            assertEquals("browse-54", d.findElement(By.cssSelector("tr.job-row .job-name")).getText());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> definition(String name) {
        Map<String, Object> job = given().get("/api/v1/jobs/" + name).then().statusCode(200).extract().as(Map.class);
        job.keySet().removeAll(java.util.Set.of("updatedAt", "version", "nextFireTimes"));
        return job;
    }

    @Test
    void the_duration_chart_of_a_job_with_one_run_spans_hours_not_years() {
        ConsoleApi.createJob("{\"name\":\"ui-one-run\",\"command\":\"true\"}");
        ConsoleApi.awaitState(ConsoleApi.runNow("ui-one-run"), io.kairos.run.RunState.SUCCEEDED);
        try (Browser browser = Browser.open()) {
            WebDriver d = browser.driver();
            d.get(url("/jobs/ui-one-run"));
            browser.waitUpTo(10).until(x -> ((org.openqa.selenium.JavascriptExecutor) x)
                    .executeScript("return !!document.getElementById('duration-chart').uplot"));
            Number span = (Number) ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                    "var u = document.getElementById('duration-chart').uplot; return u.scales.x.max - u.scales.x.min;");
            assertTrue(span.doubleValue() <= 2 * 3600, "the time axis spans " + span + " s");
        }
    }
}
