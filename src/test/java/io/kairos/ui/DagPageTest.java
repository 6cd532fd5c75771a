package io.kairos.ui;

import io.kairos.run.RunState;
import io.kairos.testing.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.URL;
import java.time.Duration;

import static io.kairos.ui.ConsoleApi.awaitState;
import static io.kairos.ui.ConsoleApi.createJob;
import static io.kairos.ui.ConsoleApi.newestRun;
import static io.kairos.ui.ConsoleApi.runNow;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class DagPageTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void the_dag_draws_parents_and_children_coloured_by_their_last_runs_and_a_click_opens_the_job() {
        // extract -> clean -> load -> report, extract -> enrich -> load, and extract -> load directly
        job("dag-extract", "true", "[]");
        job("dag-clean", "true", "[\"dag-extract\"]");
        job("dag-enrich", "exit 3", "[\"dag-extract\"]");
        job("dag-load", "true", "[\"dag-clean\",\"dag-enrich\",\"dag-extract\"]");
        job("dag-report", "true", "[\"dag-load\"]");
        awaitState(runNow("dag-extract"), RunState.SUCCEEDED);
        await("the children to be triggered").atMost(Duration.ofSeconds(30))
                .until(() -> newestRun("dag-clean") > 0 && newestRun("dag-enrich") > 0);
        awaitState(newestRun("dag-clean"), RunState.SUCCEEDED);
        awaitState(newestRun("dag-enrich"), RunState.FAILED);

        try (Browser browser = Browser.open()) {
            browser.driver().get(root + "dag?job=dag-load");
            WebElement parent = browser.waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("svg.dag a.node[data-job='dag-extract']")));
            WebElement child = node(browser, "dag-enrich");
            assertEquals(5, browser.driver().findElements(By.cssSelector("svg.dag a.node")).size());
            assertEquals("SUCCEEDED", parent.getAttribute("data-state"));
            assertEquals("FAILED", child.getAttribute("data-state"));
            assertEquals("NEVER", node(browser, "dag-load").getAttribute("data-state"));
            // the colours the viewer sees: green for the parent, red for the failed child, white for one never run
            assertEquals("rgb(220, 243, 229)", parent.findElement(By.tagName("rect")).getCssValue("fill"));
            assertEquals("rgb(251, 226, 226)", child.findElement(By.tagName("rect")).getCssValue("fill"));
            assertEquals("rgb(255, 255, 255)", node(browser, "dag-load").findElement(By.tagName("rect")).getCssValue("fill"));
            assertEquals(1, browser.driver().findElements(
                    By.cssSelector("svg.dag path.edge[data-from='dag-extract'][data-to='dag-enrich']")).size());
            assertEquals(6, browser.driver().findElements(By.cssSelector("svg.dag path.edge")).size());
            // left to right: every child right of its parents
            assertTrue(x(child) > x(parent) + parent.getRect().getWidth(), "the child is drawn right of its parent");
            assertTrue(x(node(browser, "dag-load")) > x(node(browser, "dag-clean")));
            assertTrue(x(node(browser, "dag-report")) > x(node(browser, "dag-load")));
            browser.screenshot("dag");

            parent.click();
            browser.waitUpTo(10).until(ExpectedConditions.urlToBe(root + "jobs/dag-extract"));
        }
    }

    private static void job(String name, String command, String parents) {
        createJob("""
                {"name":"%s","command":"%s","parents":%s,"resources":{"cpus":0.1,"memMb":16}}""".formatted(name, command, parents));
    }

    private static WebElement node(Browser browser, String job) {
        return browser.driver().findElement(By.cssSelector("svg.dag a.node[data-job='" + job + "']"));
    }

    private static int x(WebElement e) {
        return e.getRect().getX();
    }

    @Test
    void the_whole_graph_draws_the_jobs_that_have_dependencies_and_scrolls_on_a_phone() {
        job("dag-whole-a", "true", "[]");
        job("dag-whole-b", "true", "[\"dag-whole-a\"]");
        job("dag-alone", "true", "[]");
        try (Browser browser = Browser.open()) {
            browser.driver().get(root + "dag");
            assertEquals(1, browser.driver().findElements(By.cssSelector("svg.dag a.node[data-job='dag-whole-a']")).size());
            assertEquals("NEVER", node(browser, "dag-whole-b").getAttribute("data-state"));
            assertEquals(0, browser.driver().findElements(By.cssSelector("svg.dag a.node[data-job='dag-alone']")).size(),
                    "a job without parents or children is not part of the graph");
            assertTrue(browser.driver().findElement(By.cssSelector(".dag-note")).getText().matches("(?s)\\d+ of \\d+ jobs with dependencies.*"));
            browser.phone();
            browser.driver().navigate().refresh();
            Number overflow = (Number) ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                    .executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
            assertTrue(overflow.intValue() <= 0, "the page fits a phone; the drawing scrolls inside its frame");
            browser.screenshot("dag-phone");
        }
    }

    @Test
    void a_job_that_does_not_exist_is_said_so() {
        try (Browser browser = Browser.open()) {
            browser.driver().get(root + "dag?job=no-such-job");
            assertTrue(browser.driver().findElement(By.cssSelector("#dag-live .problem")).getText().contains("no-such-job"));
        }
    }
}
