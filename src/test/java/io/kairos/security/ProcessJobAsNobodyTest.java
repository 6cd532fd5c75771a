package io.kairos.security;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The attack through the real path: a process job on the standalone agent, which runs as root here (as on a fresh VM
 * or in CI), read {@code /etc/shadow}. It now runs as {@code nobody} (kairos.agent.process-user's default).
 */
@QuarkusTest
class ProcessJobAsNobodyTest {

    @Test
    void a_process_job_cannot_read_etc_shadow() {
        io.kairos.testing.Root.require();
        given().contentType(ContentType.JSON).body("{\"name\":\"reads-shadow\",\"command\":\"id -un; cat /etc/shadow\"}")
                .post("/api/v1/jobs").then().statusCode(201);
        long run = given().post("/api/v1/jobs/reads-shadow/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> "FAILED".equals(
                given().get("/api/v1/runs/" + run).then().extract().path("state")));
        String out = given().get("/api/v1/runs/" + run + "/log?stream=stdout").then().extract().path("data");
        String err = given().get("/api/v1/runs/" + run + "/log?stream=stderr").then().extract().path("data");
        assertEquals("nobody\n", out);
        assertThat(err, containsString("Permission denied"));
        assertThat(out + err, not(containsString("root:")));
    }
}
