package io.kairos.compat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * Livy's {@code ?doAs=} with authentication on (issue 13): it names the batch's proxy user as in Livy, and the caller
 * may run as it only where Kairos lets it own jobs, as for {@code proxyUser}. Airflow's hook authenticates with the
 * connection's login and password as HTTP basic auth; the password is the Kairos token.
 */
@QuarkusTest
@TestProfile(LivyAuthTest.AuthOn.class)
class LivyAuthTest {

    static final String ADMIN = "livy-test-admin-secret-0123456789";

    public static class AuthOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kairos.auth", "on", "kairos.admin-token", ADMIN);
        }
    }

    static String dev;

    @BeforeEach
    void token() {
        if (dev == null) {
            dev = given().header("Authorization", "Bearer " + ADMIN).contentType(ContentType.JSON)
                    .body("{\"name\":\"livy-dev\",\"role\":\"developer\",\"teams\":[\"team-a\",\"team-c\"]}")
                    .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
        }
    }

    private static RequestSpecification airflow(String password) {
        return given().auth().preemptive().basic("airflow", password).contentType(ContentType.JSON);
    }

    private static Map<String, Object> waitingBatch(String name) {
        return Map.of("file", "/tmp/app.jar", "className", "A", "driverMemory", "8g", "name", name);
    }

    @Test
    void do_as_a_team_of_the_callers_runs_the_batch_as_that_team() {
        int id = airflow(dev).queryParam("doAs", "team-c").body(waitingBatch("do-as-c")).post("/batches").then()
                .statusCode(201).body("proxyUser", equalTo("team-c")).header("Warnings", containsString("doAs"))
                .extract().path("id");
        String job = given().header("Authorization", "Bearer " + ADMIN).get("/api/v1/runs/" + id).then().extract().path("job");
        given().header("Authorization", "Bearer " + ADMIN).get("/api/v1/jobs/" + job).then().body("owner", equalTo("team-c"));
        airflow(dev).delete("/batches/" + id).then().statusCode(200);
    }

    @Test
    void do_as_someone_the_caller_may_not_be_is_a_403_naming_do_as() {
        airflow(dev).queryParam("doAs", "team-b").body(waitingBatch("do-as-b")).post("/batches").then()
                .statusCode(403).body("errors.field", equalTo(List.of("doAs"))).body("msg", containsString("team-b"));
        // doAs wins over the body's proxyUser, as in Livy: a permitted proxyUser does not lift a forbidden doAs
        Map<String, Object> body = new java.util.HashMap<>(waitingBatch("do-as-b2"));
        body.put("proxyUser", "team-a");
        airflow(dev).queryParam("doAs", "team-b").body(body).post("/batches").then().statusCode(403)
                .body("errors.field", equalTo(List.of("doAs")));
        body.remove("proxyUser");
        body.put("proxyUser", "team-b");
        airflow(dev).body(body).post("/batches").then().statusCode(403).body("errors.field", hasItem("/proxyUser"));
        airflow(dev).queryParam("doAs", " ").body(waitingBatch("do-as-blank")).post("/batches").then().statusCode(400)
                .body("errors.field", equalTo(List.of("doAs")));
    }

    @Test
    void refusals_before_the_adapter_also_carry_livys_msg() {
        given().get("/batches").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Basic")).body("msg", containsString("HTTP basic auth"));
        given().get("/api/v1/jobs").then().statusCode(401).body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("msg")));
    }
}
