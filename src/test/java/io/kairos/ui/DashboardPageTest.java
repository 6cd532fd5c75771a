package io.kairos.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.testing.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

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
}
