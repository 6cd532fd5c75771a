package io.kairos.security;

import io.kairos.testing.Browser;
import io.kairos.testing.KeycloakResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The console's login through a real OpenID Connect provider (Keycloak, {@link KeycloakResource}) in a real browser:
 * the user signs in on the provider's page, comes back with a console session, and may do what the role and teams of
 * its ID token allow, on every page and post, under its own name in the audit log.
 */
@QuarkusTest
@TestProfile(OidcLoginTest.OidcOn.class)
class OidcLoginTest {

    public static class OidcOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kairos.auth", "on", "kairos.admin-token", AccessControlTest.ADMIN);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KeycloakResource.class));
        }
    }

    @TestHTTPResource("/")
    URL root;

    static boolean jobs;

    @BeforeEach
    void jobs() {
        if (jobs) {
            return;
        }
        for (String[] job : new String[][] {{"oidc-data", "data"}, {"oidc-other", "other"}}) {
            AccessControlTest.as(AccessControlTest.ADMIN).contentType(ContentType.JSON)
                    .body("{\"name\":\"" + job[0] + "\",\"owner\":\"" + job[1] + "\",\"command\":\"true\"}").post("/api/v1/jobs")
                    .then().statusCode(201);
        }
        jobs = true;
    }

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    /** From the console's login page to the provider's, and the user's name and password sent there. */
    private void signInAtProvider(Browser browser, String user, String password) {
        WebDriver d = browser.driver();
        d.findElement(By.id("oidc-login")).click();
        browser.waitUpTo(30).until(ExpectedConditions.urlContains("/realms/" + KeycloakResource.REALM + "/"));
        d.findElement(By.id("username")).sendKeys(user);
        d.findElement(By.id("password")).sendKeys(password);
        d.findElement(By.id("kc-login")).click();
    }

    /**
     * Logs in at the provider from the login page a console page sends to, and checks whom the console names; answers
     * the console's session cookie.
     */
    private String logIn(Browser browser, String user, String password, String role) {
        WebDriver d = browser.driver();
        d.get(url("/jobs"));
        browser.waitUpTo(10).until(ExpectedConditions.urlContains("/login?then="));
        signInAtProvider(browser, user, password);
        browser.waitUpTo(30).until(ExpectedConditions.presenceOfElementLocated(By.id("who")));
        assertEquals(url("/"), d.getCurrentUrl(), "the login ends on the dashboard");
        Cookie session = d.manage().getCookieNamed(ConsoleSessions.COOKIE);
        assertNotNull(session, "no console session after the provider's login");
        assertEquals(true, session.isHttpOnly());
        assertEquals("Strict", session.getSameSite());
        assertEquals("oidc:" + user, d.findElement(By.id("who")).getText());
        assertEquals(role, d.findElement(By.id("who")).getAttribute("title"));
        return session.getValue();
    }

    private static int runs(String job) {
        return AccessControlTest.as(AccessControlTest.ADMIN).get("/api/v1/jobs/" + job + "/runs").then().statusCode(200)
                .extract().path("total");
    }

    @Test
    void a_developer_of_the_provider_runs_its_teams_job_and_the_audit_log_names_it() {
        try (Browser browser = Browser.open()) {
            WebDriver d = browser.driver();
            String session = logIn(browser, "alice", "alice-pw", "developer");
            browser.screenshot("oidc-logged-in");

            ConsoleLoginTest.Session s = new ConsoleLoginTest.Session(session, null, null).reloaded("/jobs/oidc-data");
            assertThat(s.page("/jobs/oidc-data"), containsString("id=\"run-now-button\""));
            assertThat(s.page("/jobs/oidc-other"), not(containsString("id=\"run-now-button\"")));
            int before = runs("oidc-data");
            s.request().contentType(ContentType.URLENC).formParam("csrf", s.token()).post("/jobs/oidc-data/run")
                    .then().statusCode(303);
            assertEquals(before + 1, runs("oidc-data"));
            ConsoleLoginTest.Session other = s.reloaded("/jobs/oidc-other");
            other.request().contentType(ContentType.URLENC).formParam("csrf", other.token()).post("/jobs/oidc-other/run")
                    .then().statusCode(403);
            AccessControlTest.as(AccessControlTest.ADMIN).get("/api/v1/audit?actor=oidc:alice").then().statusCode(200)
                    .body("action", hasItem("run.now")).body("target", hasItem("oidc-data"));

            d.findElement(By.id("logout")).click();
            browser.waitUpTo(10).until(ExpectedConditions.urlContains("/login"));
            s.request().get("/jobs").then().statusCode(303).header("Location", containsString("/login"));
        }
    }

    @Test
    void a_user_without_a_kairos_role_is_a_viewer_of_its_groups_team() {
        try (Browser browser = Browser.open()) {
            String session = logIn(browser, "bob", "bob-pw", "viewer");
            ConsoleLoginTest.Session s = new ConsoleLoginTest.Session(session, null, null).reloaded("/jobs/oidc-data");
            assertThat(s.page("/jobs/oidc-data"), not(containsString("id=\"run-now-button\"")));
            int before = runs("oidc-data");
            s.request().contentType(ContentType.URLENC).formParam("csrf", s.token()).post("/jobs/oidc-data/run")
                    .then().statusCode(403);
            assertEquals(before, runs("oidc-data"));
        }
    }

    @Test
    void a_wrong_password_at_the_provider_opens_no_session() {
        try (Browser browser = Browser.open()) {
            WebDriver d = browser.driver();
            d.get(url("/login"));
            signInAtProvider(browser, "alice", "not-her-password");
            browser.waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(By.id("input-error")));
            d.get(url("/jobs"));
            browser.waitUpTo(10).until(ExpectedConditions.urlContains("/login?then="));
            assertEquals(null, d.manage().getCookieNamed(ConsoleSessions.COOKIE));
        }
    }

    @Test
    void bearer_tokens_are_still_kairos_own_with_oidc_configured() {
        AccessControlTest.as(AccessControlTest.ADMIN).get("/api/v1/jobs/oidc-data").then().statusCode(200);
        AccessControlTest.as("kairos_not-a-token").get("/api/v1/jobs").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", startsWith("Bearer"));
        // the extension's tenant is the login's alone: a console page without a session still goes to Kairos' login
        given().redirects().follow(false).get("/jobs").then().statusCode(303).header("Location", containsString("/login?then="));
    }
}
