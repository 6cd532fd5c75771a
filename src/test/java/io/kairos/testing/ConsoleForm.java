package io.kairos.testing;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/**
 * A console form post as the browser sends it: the CSRF cookie the console hands out on a page, and the token that
 * page writes into its forms. Tests that post to console paths start from {@link #post()}.
 */
public final class ConsoleForm {

    private static final Pattern META = Pattern.compile("<meta name=\"kairos-csrf\" content=\"([^\"]*)\">");

    private ConsoleForm() {
    }

    /** What a console page gave a browser that had no cookie yet: its CSRF cookie, and the token its forms carry. */
    public record Page(String cookie, String token) {
    }

    public static Page page() {
        Response page = given().get("/jobs");
        Matcher m = META.matcher(page.asString());
        if (!m.find()) {
            throw new AssertionError("the console page carries no CSRF token:\n" + page.asString());
        }
        return new Page(page.getCookie("kairos_csrf"), m.group(1));
    }

    /** A request carrying a fresh page's CSRF cookie and token (as form field {@code csrf}); redirects not followed. */
    public static RequestSpecification post() {
        Page page = page();
        return given().redirects().follow(false).cookie("kairos_csrf", page.cookie()).formParam("csrf", page.token());
    }
}
