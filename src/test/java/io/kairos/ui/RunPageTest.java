package io.kairos.ui;

import io.kairos.testing.ConsoleForm;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.run.RunState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The run page over plain HTTP: its buttons, and the log tail htmx polls. */
@QuarkusTest
class RunPageTest {

    private static long runNow(String job) {
        return given().post("/api/v1/jobs/" + job + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static String state(long run) {
        return given().get("/api/v1/runs/" + run).then().extract().path("state");
    }

    private static void awaitState(long run, String state) {
        await("run " + run + " " + state).atMost(Duration.ofSeconds(30)).until(() -> state.equals(state(run)));
    }

    @Test
    void a_failed_run_can_be_marked_successful_with_who_and_why_and_run_again() {
        given().contentType(ContentType.JSON).body("""
                {"name":"runpage-fails","command":"echo broken >&2; exit 4","resources":{"cpus":0.1,"memMb":16}}""")
                .post("/api/v1/jobs").then().statusCode(201);
        long run = runNow("runpage-fails");
        awaitState(run, "FAILED");
        given().get("/runs/" + run).then().statusCode(200)
                .body(containsString("id=\"mark-success\"")).body(containsString("id=\"rerun\"")).body(not(containsString("id=\"kill-run\"")))
                .body(containsString("broken")).body(containsString("attempt 1 FAILED"));

        ConsoleForm.post().contentType(ContentType.URLENC).formParam("by", "alice").formParam("reason", "fixed by hand")
                .post("/runs/" + run + "/mark-success").then().statusCode(303);
        given().get("/api/v1/runs/" + run).then().body("state", equalTo("SUCCEEDED"))
                .body("reason", containsString("marked SUCCEEDED by alice (fixed by hand)"));

        String again = ConsoleForm.post().post("/runs/" + run + "/rerun").then().statusCode(303).extract().header("Location");
        assertTrue(again.matches(".*/runs/\\d+\\?message=.*"), again);
        long second = Long.parseLong(again.replaceAll(".*/runs/(\\d+).*", "$1"));
        assertTrue(second > run);
        awaitState(second, "FAILED");
    }

    @Test
    void killing_a_running_run_from_its_page_ends_it_and_a_second_kill_is_refused_on_the_page() {
        given().contentType(ContentType.JSON).body("""
                {"name":"runpage-sleeps","command":"echo started; sleep 60","resources":{"cpus":0.1,"memMb":16}}""")
                .post("/api/v1/jobs").then().statusCode(201);
        long run = runNow("runpage-sleeps");
        awaitState(run, "RUNNING");
        // while it runs the page polls itself and tails the log
        given().get("/runs/" + run).then().body(containsString("hx-trigger=\"every 2s\"")).body(containsString("id=\"kill-run\""));
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/runs/" + run + "/tail?stream=stdout&offset=0").asString().contains("started"));

        ConsoleForm.post().post("/runs/" + run + "/kill").then().statusCode(303);
        awaitState(run, "KILLED");
        ConsoleForm.post().post("/runs/" + run + "/kill").then().statusCode(409)
                .contentType(containsString("text/html")).body(containsString("already ended KILLED"));
    }

    @Test
    void the_tail_sends_only_the_new_bytes_and_stops_polling_once_the_attempt_has_ended() {
        given().contentType(ContentType.JSON).body("""
                {"name":"runpage-tail","command":"printf 'one\\ntwo\\n'","resources":{"cpus":0.1,"memMb":16}}""")
                .post("/api/v1/jobs").then().statusCode(201);
        long run = runNow("runpage-tail");
        await().atMost(Duration.ofSeconds(30)).until(() -> RunState.valueOf(state(run)).isTerminal());
        String rest = given().get("/runs/" + run + "/tail?stream=stdout&offset=4").then().statusCode(200).extract().asString();
        assertTrue(rest.contains("hx-swap-oob=\"beforeend:#log-stdout\">two\n</span>"), rest);
        assertTrue(!rest.contains("hx-get"), "no more polling: " + rest);
        assertTrue(rest.contains("end of output"), rest);
    }
}
