package io.kairos.security;

import io.kairos.testing.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.URL;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console with authentication on: a login opens a session, and a page shows only what its caller may do. */
@QuarkusTest
@TestProfile(AccessControlTest.AuthOn.class)
class ConsoleLoginTest {

    private static final Pattern META = Pattern.compile("<meta name=\"kairos-csrf\" content=\"([^\"]*)\">");

    static String viewer;
    static String developer;

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void tokens() {
        if (viewer != null) {
            return;
        }
        viewer = AccessControlTest.token("console-viewer", "viewer", "[]");
        developer = AccessControlTest.token("console-dev", "developer", "[\"team-console\"]");
        AccessControlTest.as(AccessControlTest.ADMIN).contentType(ContentType.JSON)
                .body("{\"name\":\"console-owned\",\"owner\":\"team-console\",\"command\":\"true\"}").post("/api/v1/jobs")
                .then().statusCode(201);
    }

    /** A browser's session: its cookies and the CSRF token of the last page it loaded. */
    record Session(String session, String csrfCookie, String token) {
        RequestSpecification request() {
            RequestSpecification r = given().redirects().follow(false);
            if (session != null) {
                r = r.cookie("kairos_session", session);
            }
            return csrfCookie == null ? r : r.cookie("kairos_csrf", csrfCookie);
        }

        String page(String path) {
            Response page = request().get(path);
            assertEquals(200, page.statusCode(), path + ": " + page.asString());
            return page.asString();
        }

        Session reloaded(String path) {
            Matcher m = META.matcher(page(path));
            return new Session(session, csrfCookie, m.find() ? m.group(1) : null);
        }
    }

    static Session login(String token) {
        Response loginPage = given().get("/login");
        Matcher m = META.matcher(loginPage.asString());
        m.find();
        String csrf = loginPage.getCookie("kairos_csrf");
        Response in = given().redirects().follow(false).cookie("kairos_csrf", csrf).contentType(ContentType.URLENC)
                .formParam("csrf", m.group(1)).formParam("token", token).formParam("then", "/jobs").post("/login");
        assertEquals(303, in.statusCode(), in.asString());
        assertEquals("/jobs", java.net.URI.create(in.getHeader("Location")).getPath());
        String session = in.getCookie("kairos_session");
        assertNotNull(session, "the login set no session cookie");
        return new Session(session, csrf, null).reloaded("/jobs");
    }

    private static int runs() {
        return AccessControlTest.as(AccessControlTest.ADMIN).get("/api/v1/jobs/console-owned/runs").then().statusCode(200)
                .extract().path("total");
    }

    @Test
    void a_console_page_without_a_session_sends_to_the_login_page() {
        given().redirects().follow(false).get("/jobs").then().statusCode(303)
                .header("Location", containsString("/login?then=%2Fjobs"));
        given().get("/login").then().statusCode(200).body(containsString("id=\"login-form\""), not(containsString("open-banner")));
    }

    @Test
    void without_an_oidc_issuer_there_is_no_oidc_login() {
        given().get("/login").then().statusCode(200).body(not(containsString("id=\"oidc-login\"")));
        Response r = given().redirects().follow(false).get("/login/oidc");
        assertEquals(401, r.statusCode(), r.asString());
        assertEquals(null, r.getCookie("kairos_session"));
    }

    @Test
    void a_wrong_token_does_not_log_in_and_the_session_cookie_is_locked_down() {
        Response loginPage = given().get("/login");
        Matcher m = META.matcher(loginPage.asString());
        m.find();
        given().cookie("kairos_csrf", loginPage.getCookie("kairos_csrf")).contentType(ContentType.URLENC)
                .formParam("csrf", m.group(1)).formParam("token", "kairos_wrong").post("/login")
                .then().statusCode(401).body(containsString("not a token Kairos knows"));
        Response in = given().redirects().follow(false).cookie("kairos_csrf", loginPage.getCookie("kairos_csrf"))
                .contentType(ContentType.URLENC).formParam("csrf", m.group(1)).formParam("token", viewer)
                .formParam("then", "//evil.test/").post("/login");
        assertEquals(303, in.statusCode());
        assertEquals("/", java.net.URI.create(in.getHeader("Location")).getPath(), "a login never sends to another site");
        String cookie = in.getHeaders().getValues("Set-Cookie").stream().filter(c -> c.startsWith("kairos_session=")).findFirst().orElseThrow();
        org.hamcrest.MatcherAssert.assertThat(cookie, containsStringIgnoringCase("HttpOnly"));
        org.hamcrest.MatcherAssert.assertThat(cookie, containsString("SameSite=Strict"));
        org.hamcrest.MatcherAssert.assertThat(cookie, not(containsString(viewer)));
    }

    @Test
    void a_viewer_sees_no_buttons_and_cannot_post() {
        Session s = login(viewer);
        String jobs = s.page("/jobs");
        org.hamcrest.MatcherAssert.assertThat(jobs, containsString("console-viewer"));
        org.hamcrest.MatcherAssert.assertThat(jobs, not(containsString("id=\"new-job\"")));
        String job = s.page("/jobs/console-owned");
        org.hamcrest.MatcherAssert.assertThat(job, not(containsString("id=\"run-now-button\"")));
        org.hamcrest.MatcherAssert.assertThat(job, not(containsString("id=\"edit-job\"")));
        org.hamcrest.MatcherAssert.assertThat(job, not(containsString("id=\"confirm-delete\"")));
        org.hamcrest.MatcherAssert.assertThat(s.page("/agents"), not(containsString("hx-post")));
        int before = runs();
        s.request().contentType(ContentType.URLENC).formParam("csrf", s.token()).post("/jobs/console-owned/run")
                .then().statusCode(403);
        assertEquals(before, runs());
    }

    @Test
    void a_developer_runs_its_teams_job_through_the_console_with_the_page_token_only() {
        Session s = login(developer);
        String job = s.page("/jobs/console-owned");
        org.hamcrest.MatcherAssert.assertThat(job, containsString("id=\"run-now-button\""));
        org.hamcrest.MatcherAssert.assertThat(job, containsString("id=\"edit-job\""));
        int before = runs();
        s.request().contentType(ContentType.URLENC).formParam("csrf", "not-the-token").post("/jobs/console-owned/run")
                .then().statusCode(403);
        assertEquals(before, runs());
        s.request().contentType(ContentType.URLENC).formParam("csrf", s.token()).post("/jobs/console-owned/run")
                .then().statusCode(303).header("Location", containsString("/runs/"));
        assertEquals(before + 1, runs());
    }

    @Test
    void logging_out_or_revoking_the_token_ends_the_session() {
        Session s = login(developer);
        s.request().contentType(ContentType.URLENC).formParam("csrf", s.token()).post("/logout").then().statusCode(303)
                .header("Location", containsString("/login"));
        s.request().get("/jobs").then().statusCode(303).header("Location", containsString("/login"));

        String doomed = AccessControlTest.token("console-doomed", "viewer", "[]");
        Session d = login(doomed);
        AccessControlTest.as(AccessControlTest.ADMIN).delete("/api/v1/tokens/console-doomed").then().statusCode(204);
        d.request().get("/jobs").then().statusCode(303).header("Location", containsString("/login"));
    }

    @Test
    void a_user_logs_in_and_out_in_the_browser() {
        try (Browser browser = Browser.open()) {
            WebDriver d = browser.driver();
            d.get(root.toString().replaceAll("/$", "") + "/jobs/console-owned");
            browser.waitUpTo(10).until(ExpectedConditions.urlContains("/login"));
            d.findElement(By.id("token")).sendKeys(developer);
            d.findElement(By.id("login-button")).click();
            browser.waitUpTo(10).until(ExpectedConditions.urlContains("/jobs/console-owned"));
            assertEquals("console-dev", d.findElement(By.id("who")).getText());
            assertTrue(d.findElements(By.id("open-banner")).isEmpty());
            browser.screenshot("console-logged-in");
            d.findElement(By.id("logout")).click();
            browser.waitUpTo(10).until(ExpectedConditions.urlContains("/login"));
            d.get(root.toString().replaceAll("/$", "") + "/jobs");
            browser.waitUpTo(10).until(ExpectedConditions.urlContains("/login?then="));
        }
    }

    @Test
    void a_script_with_a_bearer_token_posts_a_console_form_without_a_page_token() {
        AccessControlTest.as(developer).redirects().follow(false).contentType(ContentType.URLENC).formParam("x", "y")
                .post("/jobs/console-owned/disable").then().statusCode(303);
        AccessControlTest.as(developer).get("/api/v1/jobs/console-owned").then().body("enabled", equalTo(false));
        AccessControlTest.as(developer).redirects().follow(false).contentType(ContentType.URLENC).formParam("x", "y")
                .post("/jobs/console-owned/enable").then().statusCode(303);
    }
}
