package io.kairos.ui;

import io.kairos.run.RunState;
import io.restassured.http.ContentType;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** What the console tests do through the REST API to have something to look at. */
final class ConsoleApi {

    private ConsoleApi() {
    }

    static void createJob(String json) {
        given().contentType(ContentType.JSON).body(json).post("/api/v1/jobs").then().statusCode(201);
    }

    static long runNow(String job) {
        return given().post("/api/v1/jobs/" + job + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static String stateOf(long run) {
        return given().get("/api/v1/runs/" + run).then().statusCode(200).extract().path("state");
    }

    static void awaitState(long run, RunState state) {
        await("run " + run + " to be " + state).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> stateOf(run).equals(state.name()));
    }

    /** The newest run of {@code job}, or -1 when it has none yet. */
    static long newestRun(String job) {
        Integer total = given().get("/api/v1/jobs/" + job + "/runs").then().statusCode(200).extract().path("total");
        return total == 0 ? -1 : given().get("/api/v1/jobs/" + job + "/runs").then().extract().jsonPath().getLong("items[0].id");
    }

    static void kill(long run) {
        given().post("/api/v1/runs/" + run + "/kill");
    }
}
