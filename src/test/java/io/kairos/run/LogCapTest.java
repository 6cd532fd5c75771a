package io.kairos.run;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Output past the per-attempt cap is dropped, and the attempt says it was truncated. */
@QuarkusTest
@TestProfile(LogCapTest.SmallCap.class)
class LogCapTest {

    public static class SmallCap implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kairos.logs.max-bytes-per-stream", "100");
        }
    }

    @Test
    void a_stream_keeps_its_first_bytes_up_to_the_cap_and_is_marked_truncated() {
        // 1,000 bytes of digits on stdout, a short line on stderr
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"chatty\",\"command\":\"i=0; while [ $i -lt 100 ]; do printf 0123456789; i=$((i+1)); done; echo oops >&2\"}")
                .post("/api/v1/jobs").then().statusCode(201);
        long run = given().post("/api/v1/jobs/chatty/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(given().get("/api/v1/runs/" + run).then().extract().path("state")));
        given().get("/api/v1/runs/" + run + "/log").then()
                .body("data", equalTo("0123456789".repeat(10)))
                .body("nextOffset", equalTo(100))
                .body("truncated", equalTo(true))
                .body("complete", equalTo(true));
        given().get("/api/v1/runs/" + run + "/log?stream=stderr").then().body("data", equalTo("oops\n"));
        given().get("/api/v1/runs/" + run).then().body("attempts[0].stdoutBytes", equalTo(100)).body("attempts[0].logTruncated", equalTo(true));
    }
}
