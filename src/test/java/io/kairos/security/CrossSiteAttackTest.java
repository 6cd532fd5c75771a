package io.kairos.security;

import com.sun.net.httpserver.HttpServer;
import io.kairos.testing.Browser;
import io.kairos.testing.ConsoleForm;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console with authentication off, as on a laptop, attacked by a web page the user visits in the same browser:
 * before, such a page created a job and ran it (its form posts were answered 303), and a page under a rebound DNS
 * name read the console as its own.
 */
@QuarkusTest
class CrossSiteAttackTest {

    @TestHTTPResource("/")
    URL root;

    private String kairos() {
        return root.toString().replaceAll("/$", "");
    }

    /** A site of its own (evil.test, mapped to this machine in the browser) serving one page. */
    private static HttpServer site(String html) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = html.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    @Test
    void a_page_of_another_site_can_neither_create_nor_run_a_job() throws IOException {
        given().contentType(ContentType.JSON).body("{\"name\":\"csrf-victim\",\"command\":\"true\"}").post("/api/v1/jobs")
                .then().statusCode(201);
        String attack = """
                <!DOCTYPE html><html><body>
                <form id="create" method="post" action="KAIROS/jobs/_new/json">
                  <input type="hidden" name="definition" value='{"name":"csrf-pwned","command":"id"}'>
                </form>
                <script>
                  fetch('KAIROS/api/v1/jobs/csrf-victim/runs', {method: 'POST', mode: 'no-cors'})
                    .finally(function () { document.getElementById('create').submit(); });
                </script>
                </body></html>""".replace("KAIROS", kairos());
        HttpServer evil = site(attack);
        try (Browser browser = Browser.open("--host-resolver-rules=MAP evil.test 127.0.0.1")) {
            WebDriver d = browser.driver();
            d.get(kairos() + "/jobs");  // the user has the console open: its cookies are in this browser
            d.get("http://evil.test:" + evil.getAddress().getPort() + "/");
            await("the attack page's form post to land").atMost(Duration.ofSeconds(20))
                    .until(() -> d.getCurrentUrl().startsWith(kairos()));
            assertTrue(d.getPageSource().contains("cross-origin requests that change something are refused"), d.getPageSource());
        } finally {
            evil.stop(0);
        }
        given().get("/api/v1/jobs/csrf-pwned").then().statusCode(404);
        given().get("/api/v1/jobs/csrf-victim/runs").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void a_page_under_a_rebound_dns_name_is_not_answered() {
        given().header("Host", "rebound.test").get("/api/v1/jobs").then().statusCode(421)
                .contentType("application/problem+json");
        try (Browser browser = Browser.open("--host-resolver-rules=MAP rebound.test 127.0.0.1")) {
            WebDriver d = browser.driver();
            d.get("http://rebound.test:" + root.getPort() + "/jobs");
            assertTrue(d.getPageSource().contains("DNS rebinding"), d.getCurrentUrl() + " " + d.getTitle());
        }
    }

    @Test
    void a_console_post_needs_the_page_token_and_an_origin_of_its_own() {
        String form = "{\"name\":\"csrf-form\",\"command\":\"true\"}";
        // no token: a form some other program or page made
        given().redirects().follow(false).contentType(ContentType.URLENC).formParam("definition", form)
                .post("/jobs/_new/json").then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("no CSRF token"));
        // a token of another browser's cookie
        given().redirects().follow(false).cookie("kairos_csrf", "someone-elses").formParam("csrf", ConsoleForm.page().token())
                .contentType(ContentType.URLENC).formParam("definition", form).post("/jobs/_new/json").then().statusCode(403).body("detail", containsString("stale"));
        // the right token, sent from a page of another origin
        ConsoleForm.post().header("Origin", "http://evil.test").contentType(ContentType.URLENC).formParam("definition", form)
                .post("/jobs/_new/json").then().statusCode(403);
        given().get("/api/v1/jobs/csrf-form").then().statusCode(404);
        // as the console's own page sends it
        ConsoleForm.post().header("Origin", kairos()).contentType(ContentType.URLENC).formParam("definition", form)
                .post("/jobs/_new/json").then().statusCode(303);
        given().get("/api/v1/jobs/csrf-form").then().statusCode(200);
    }

    @Test
    void every_page_forbids_framing_and_foreign_scripts_and_says_it_runs_open() {
        given().get("/jobs").then().statusCode(200)
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Frame-Options", "DENY").header("X-Content-Type-Options", "nosniff")
                .body(containsString("id=\"open-banner\""), containsString("Authentication is OFF"));
        given().get("/jobs").then().cookie("kairos_csrf", org.hamcrest.Matchers.notNullValue())
                .header("Set-Cookie", containsStringIgnoringCase("HttpOnly")).header("Set-Cookie", containsString("SameSite=Strict"));
    }
}
