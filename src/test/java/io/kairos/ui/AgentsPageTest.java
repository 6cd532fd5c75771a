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
import java.util.List;

import static io.kairos.ui.ConsoleApi.awaitState;
import static io.kairos.ui.ConsoleApi.createJob;
import static io.kairos.ui.ConsoleApi.kill;
import static io.kairos.ui.ConsoleApi.runNow;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class AgentsPageTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void the_local_agent_shows_its_bars_and_running_task_and_drains_and_undrains_through_its_buttons() {
        String agent = given().get("/api/v1/agents").then().statusCode(200).extract().path("[0].id");
        createJob("""
                {"name":"agents-sleeper","command":"sleep 60","resources":{"cpus":1,"memMb":1024}}""");
        long run = runNow("agents-sleeper");
        awaitState(run, RunState.RUNNING);
        String card = "section.agent[data-agent='" + agent + "']";
        try (Browser browser = Browser.open()) {
            browser.driver().get(root + "agents");
            WebElement cpus = browser.driver().findElement(By.cssSelector(card + " .meter[data-resource='cpus']"));
            // 1 of the test agent's 2 cpus is the sleeper's (other tests' runs may hold more)
            assertTrue(cpus.getText().matches("(?s).*of 2 allocated.*"), cpus.getText());
            String width = cpus.findElement(By.cssSelector(".bar > span")).getAttribute("style");
            assertTrue(width.matches(".*width: (5\\d|[6-9]\\d|100)%.*"), width);
            assertTrue(browser.driver().findElement(By.cssSelector(card + " .meter[data-resource='mem']")).getText().contains("4.0 GiB"));
            assertEquals(1, browser.driver().findElements(By.cssSelector(card + " ul.tasks a[href='/runs/" + run + "']")).size());
            assertEquals("ACTIVE", browser.driver().findElement(By.cssSelector(card + " h2 .state")).getText());
            browser.screenshot("agents");

            browser.click(By.cssSelector(card + " button.drain"));
            browser.waitUpTo(5).until(ExpectedConditions.alertIsPresent()).accept();
            browser.waitUpTo(10).until(ExpectedConditions.textToBe(By.cssSelector(card + " h2 .state"), "DRAINING"));
            given().get("/api/v1/agents/" + agent).then().body("state", org.hamcrest.Matchers.equalTo("DRAINING"));

            browser.click(By.cssSelector(card + " button.undrain"));
            browser.waitUpTo(10).until(ExpectedConditions.textToBe(By.cssSelector(card + " h2 .state"), "ACTIVE"));
            given().get("/api/v1/agents/" + agent).then().body("state", org.hamcrest.Matchers.equalTo("ACTIVE"));

            browser.phone();
            browser.driver().navigate().refresh();
            List<WebElement> bars = browser.driver().findElements(By.cssSelector(card + " .meter .bar"));
            assertTrue(bars.stream().allMatch(b -> b.getRect().getX() + b.getRect().getWidth() <= 390), "bars fit a phone");
            browser.screenshot("agents-phone");
        } finally {
            given().post("/api/v1/agents/" + agent + "/undrain");
            kill(run);
        }
    }
}
