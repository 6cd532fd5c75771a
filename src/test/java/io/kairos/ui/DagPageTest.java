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
    void the_dag_draws_a_parent_and_its_child_coloured_by_their_last_runs_and_a_click_opens_the_job() {
        createJob("""
                {"name":"dag-extract","command":"true","resources":{"cpus":0.1,"memMb":16}}""");
        createJob("""
                {"name":"dag-load","command":"exit 3","parents":["dag-extract"],"resources":{"cpus":0.1,"memMb":16}}""");
        awaitState(runNow("dag-extract"), RunState.SUCCEEDED);
        await("the child to be triggered").atMost(Duration.ofSeconds(30)).until(() -> newestRun("dag-load") > 0);
        awaitState(newestRun("dag-load"), RunState.FAILED);

        try (Browser browser = Browser.open()) {
            browser.driver().get(root + "dag?job=dag-load");
            WebElement parent = browser.waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("svg.dag a.node[data-job='dag-extract']")));
            WebElement child = browser.driver().findElement(By.cssSelector("svg.dag a.node[data-job='dag-load']"));
            assertEquals("SUCCEEDED", parent.getAttribute("data-state"));
            assertEquals("FAILED", child.getAttribute("data-state"));
            // the colours the viewer sees: green for the parent, red for the child
            assertEquals("rgb(220, 243, 229)", parent.findElement(By.tagName("rect")).getCssValue("fill"));
            assertEquals("rgb(251, 226, 226)", child.findElement(By.tagName("rect")).getCssValue("fill"));
            assertEquals(1, browser.driver().findElements(
                    By.cssSelector("svg.dag path.edge[data-from='dag-extract'][data-to='dag-load']")).size());
            assertTrue(child.getRect().getX() > parent.getRect().getX() + parent.getRect().getWidth(),
                    "the child is drawn right of its parent");
            browser.screenshot("dag");

            parent.click();
            browser.waitUpTo(10).until(ExpectedConditions.urlToBe(root + "jobs/dag-extract"));
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
