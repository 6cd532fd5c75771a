package io.kairos.ui;

import io.kairos.run.RunState;
import io.kairos.testing.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.URL;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import static io.kairos.ui.ConsoleApi.awaitState;
import static io.kairos.ui.ConsoleApi.createJob;
import static io.kairos.ui.ConsoleApi.kill;
import static io.kairos.ui.ConsoleApi.runNow;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class DashboardPageTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void front_page_renders_the_console_with_its_scripts_loaded_in_chromium() {
        try (Browser browser = Browser.open()) {
            browser.driver().get(root.toString());
            assertTrue(browser.driver().getTitle().contains("Kairos"), browser.driver().getTitle());
            assertEquals("Dashboard", browser.driver().findElement(By.cssSelector("header.top nav a.active")).getText());
            Object htmx = ((JavascriptExecutor) browser.driver()).executeScript("return typeof window.htmx;");
            assertEquals("object", htmx);
        }
    }

    @Test
    void a_run_that_ends_while_the_dashboard_is_open_appears_on_it_without_a_reload() {
        createJob("""
                {"name":"dash-ok","command":"echo done","resources":{"cpus":0.1,"memMb":16}}""");
        try (Browser browser = Browser.open()) {
            browser.driver().get(root.toString());
            ((JavascriptExecutor) browser.driver()).executeScript("window.notReloaded = true;");
            long run = runNow("dash-ok");
            awaitState(run, RunState.SUCCEEDED);

            WebElement row = browser.waitUpTo(15).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#recent tr[data-run='" + run + "']")));
            assertEquals("SUCCEEDED", row.findElement(By.cssSelector(".state")).getText());
            assertEquals(root.toString() + "runs/" + run, row.findElement(By.cssSelector("a")).getAttribute("href"));
            assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser.driver()).executeScript("return window.notReloaded;"));
            long succeeded = Long.parseLong(browser.driver()
                    .findElement(By.cssSelector("#runs-24h li[data-state='SUCCEEDED'] b")).getText());
            assertTrue(succeeded >= 1, "runs of the last 24 h count the run");
        }
    }

    @Test
    void the_dashboard_lists_running_runs_failing_jobs_the_pool_and_next_fires_in_the_viewers_zone() {
        Instant soon = Instant.now().plusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
        createJob("""
                {"name":"dash-soon","schedule":{"iso8601":"R1/%s/PT1H","timezone":"Asia/Tokyo"},"command":"true",
                 "resources":{"cpus":0.1,"memMb":16}}""".formatted(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").format(soon.atZone(ZoneId.of("Asia/Tokyo")))));
        createJob("""
                {"name":"dash-broken","command":"echo disk full >&2; exit 2","resources":{"cpus":0.1,"memMb":16}}""");
        createJob("""
                {"name":"dash-long","command":"sleep 60","resources":{"cpus":1,"memMb":512}}""");
        long broken = runNow("dash-broken");
        long running = runNow("dash-long");
        try {
            awaitState(broken, RunState.FAILED);
            awaitState(running, RunState.RUNNING);
            try (Browser browser = Browser.open()) {
                browser.driver().get(root.toString());
                WebElement runningRow = browser.driver().findElement(By.cssSelector("#in-progress a[href='/runs/" + running + "']"));
                assertEquals("dash-long", runningRow.findElement(By.xpath("ancestor::tr")).findElement(By.cssSelector("td:nth-child(2)")).getText());
                WebElement failing = browser.driver().findElement(By.cssSelector("#failing a[href='/jobs/dash-broken']"));
                assertTrue(failing.findElement(By.xpath("ancestor::tr")).getText().contains("exit 2"));
                WebElement fire = browser.driver().findElement(By.xpath("//section[@id='next-fires']//tr[td/a[text()='dash-soon']]//time"));
                assertEquals(soon.toString(), fire.getAttribute("datetime"));
                assertEquals("Asia/Tokyo", fire.getAttribute("data-zone"));
                // shown in the viewer's zone (the browser's), the job's own zone on hover
                assertTrue(fire.getAttribute("title").contains("Asia/Tokyo"), fire.getAttribute("title"));
                assertFalse(fire.getText().contains("T"), "localised, not ISO: " + fire.getText());
                // the test agent offers 2 cpus and 4 GiB (application.properties); dash-long holds 1 cpu of them
                WebElement cpus = browser.driver().findElement(By.cssSelector("#pool .meter[data-resource='cpus']"));
                assertTrue(cpus.getText().contains("of 2 allocated"), cpus.getText());
                String width = cpus.findElement(By.cssSelector(".bar > span")).getAttribute("style");
                assertTrue(width.matches(".*width: (5\\d|[6-9]\\d|100)%.*"), width);
                assertTrue(browser.driver().findElement(By.cssSelector("#pool .meter[data-resource='mem']")).getText().contains("4.0 GiB"));
                browser.screenshot("dashboard");

                browser.phone();
                browser.driver().navigate().refresh();
                Number overflow = (Number) ((JavascriptExecutor) browser.driver())
                        .executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
                assertTrue(overflow.intValue() <= 0, "the dashboard fits a phone's width; it overflows by " + overflow + " px");
                browser.screenshot("dashboard-phone");
            }
        } finally {
            kill(running);
            given().delete("/api/v1/jobs/dash-soon");
        }
    }
}
