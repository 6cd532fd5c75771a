package io.kairos.security;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.kairos.security.AccessControlTest.ADMIN;
import static io.kairos.security.AccessControlTest.as;
import static io.kairos.security.AccessControlTest.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** With KAIROS_AUTH=on: a service's owner team decides who may change it, on Kairos' API and on Marathon's. */
@QuarkusTest
@TestProfile(AccessControlTest.AuthOn.class)
class ServiceAccessTest {

    private static final String OF_B = "{\"id\": \"/access/of-b\", \"owner\": \"team-b\", \"command\": \"sleep 1\", \"instances\": 0}";

    @Test
    void a_developer_changes_only_its_teams_services_a_viewer_only_reads_and_nobody_unknown_gets_in() {
        String viewer = token("svc-viewer", "viewer", "[]");
        String devA = token("svc-dev-a", "developer", "[\"team-a\"]");
        as(ADMIN).contentType(ContentType.JSON).body(OF_B).post("/api/v1/services").then().statusCode(201);

        given().get("/api/v1/services").then().statusCode(401);
        given().get("/v2/apps").then().statusCode(401);
        given().get("/v2/events").then().statusCode(401);
        given().get("/ping").then().statusCode(200);

        as(viewer).get("/api/v1/services/access/of-b").then().statusCode(200);
        as(viewer).contentType(ContentType.JSON).body(OF_B.replace("of-b", "viewer-made")).post("/api/v1/services").then().statusCode(403);

        as(devA).contentType(ContentType.JSON).body(OF_B.replace("of-b", "a-made").replace("team-b", "team-a"))
                .post("/api/v1/services").then().statusCode(201);
        as(devA).contentType(ContentType.JSON).body(OF_B.replace("of-b", "a-for-b")).post("/api/v1/services").then().statusCode(403);
        as(devA).post("/api/v1/services/access/of-b/restart").then().statusCode(403);
        as(devA).delete("/api/v1/services/access/of-b").then().statusCode(403);
        as(devA).contentType(ContentType.JSON).body("{\"instances\": 2}").put("/v2/apps/access/of-b").then().statusCode(403);
        as(devA).delete("/v2/apps/access/of-b").then().statusCode(403);
        // Marathon's clients authenticate with basic auth, the token as the password
        given().auth().preemptive().basic("dev-a", devA).get("/v2/apps").then().statusCode(200)
                .body("apps.id", hasItem("/access/of-b"));
        given().auth().preemptive().basic("dev-a", devA).delete("/v2/apps/access/a-made").then().statusCode(200);

        as(ADMIN).get("/api/v1/audit?target=/access/of-b").then().statusCode(200)
                .body("[0].action", equalTo("service.create")).body("[0].actor", equalTo("admin"));
    }
}
