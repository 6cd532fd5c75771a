package io.kairos.ui;

import io.kairos.testing.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.URL;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ServicesPageTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void the_services_page_shows_instances_and_scales_and_restarts_through_its_buttons() {
        given().contentType(ContentType.JSON).body("""
                {"id": "/ui-test/sleepers", "command": "exec sleep 600", "instances": 1, "resources": {"cpus": 0.01, "memMb": 8},
                 "ports": [{"name": "http"}]}""").post("/api/v1/services").then().statusCode(201);
        String card = "section.service[data-service='/ui-test/sleepers']";
        try (Browser browser = Browser.open()) {
            browser.driver().get(root + "services");
            browser.waitUpTo(20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(card + " tr.RUNNING")));
            WebElement row = browser.driver().findElement(By.cssSelector(card + " tr.RUNNING"));
            assertTrue(row.getText().matches("(?s).*:38\\d\\d\\d.*"), "shows the host port: " + row.getText());
            browser.screenshot("services");

            WebElement input = browser.driver().findElement(By.cssSelector(card + " form.scale input[name='instances']"));
            input.clear();
            input.sendKeys("2");
            browser.click(By.cssSelector(card + " form.scale button"));
            browser.waitUpTo(20).until(d -> d.findElements(By.cssSelector(card + " tr.RUNNING")).size() == 2);
            given().get("/api/v1/services/ui-test/sleepers").then().body("instances", org.hamcrest.Matchers.equalTo(2));

            List<String> before = browser.driver().findElements(By.cssSelector(card + " tr.RUNNING")).stream()
                    .map(e -> e.getAttribute("data-task")).toList();
            browser.click(By.cssSelector(card + " button.restart"));
            browser.waitUpTo(5).until(ExpectedConditions.alertIsPresent()).accept();
            browser.waitUpTo(30).until(d -> {
                List<String> now = d.findElements(By.cssSelector(card + " tr.RUNNING")).stream().map(e -> e.getAttribute("data-task")).toList();
                return now.size() == 2 && now.stream().noneMatch(before::contains);
            });
            assertTrue(browser.driver().findElement(By.cssSelector(card + " ul.events")).getText().contains("RESTART"));
            assertEquals(1, browser.driver().findElements(By.cssSelector("nav a[href='/services']")).size());
            browser.driver().get(root + "agents");
            browser.waitUpTo(10).until(d -> d.findElement(By.cssSelector("ul.tasks")).getText().contains("of /ui-test/sleepers"));
        } finally {
            given().delete("/api/v1/services/ui-test/sleepers");
        }
    }
}
