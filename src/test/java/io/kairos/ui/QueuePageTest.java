package io.kairos.ui;

import io.kairos.testing.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.URL;
import java.time.Duration;

import static io.kairos.ui.ConsoleApi.createJob;
import static io.kairos.ui.ConsoleApi.kill;
import static io.kairos.ui.ConsoleApi.runNow;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class QueuePageTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void a_run_needing_more_cpus_than_any_agent_has_waits_on_the_queue_page_with_its_reason() {
        createJob("""
                {"name":"queue-too-big","command":"true","resources":{"cpus":64,"memMb":16}}""");
        long run = runNow("queue-too-big");
        try {
            await("the run's waiting reason").atMost(Duration.ofSeconds(20))
                    .until(() -> given().get("/api/v1/runs/" + run).then().extract().path("waitingFor") != null);
            try (Browser browser = Browser.open()) {
                browser.driver().get(root + "queue");
                WebElement row = browser.waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#waiting tr[data-run='" + run + "']")));
                String reason = row.findElement(By.cssSelector(".reason")).getText();
                assertTrue(reason.contains("needs 64") && reason.contains("cpus"), reason);
                assertEquals(root + "jobs/queue-too-big", row.findElement(By.linkText("queue-too-big")).getAttribute("href"));
                assertEquals(root + "runs/" + run, row.findElement(By.linkText(String.valueOf(run))).getAttribute("href"));
                WebElement batch = browser.driver().findElement(By.cssSelector("#roles tr[data-role='batch']"));
                assertTrue(batch.getText().contains("%"), batch.getText());
                browser.screenshot("queue");
                browser.phone();
                browser.driver().navigate().refresh();
                browser.screenshot("queue-phone");
            }
        } finally {
            kill(run);
        }
    }
}
