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

import static io.kairos.ui.ConsoleApi.awaitState;
import static io.kairos.ui.ConsoleApi.createJob;
import static io.kairos.ui.ConsoleApi.runNow;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
            // the test agent offers 2 cpus and 4 GiB (application.properties)
            assertTrue(browser.driver().findElement(By.cssSelector("#pool .meter[data-resource='cpus']")).getText().contains("of 2 allocated"),
                    browser.driver().findElement(By.cssSelector("#pool")).getText());
            assertTrue(browser.driver().findElement(By.cssSelector("#pool .meter[data-resource='mem']")).getText().contains("4.0 GiB"));
            browser.screenshot("dashboard");

            browser.phone();
            browser.driver().navigate().refresh();
            browser.waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#recent tr[data-run='" + run + "']")));
            Number overflow = (Number) ((JavascriptExecutor) browser.driver())
                    .executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
            assertTrue(overflow.intValue() <= 0, "the dashboard fits a phone's width; it overflows by " + overflow + " px");
            browser.screenshot("dashboard-phone");
        }
    }
}
