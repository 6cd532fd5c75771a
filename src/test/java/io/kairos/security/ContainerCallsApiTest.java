package io.kairos.security;

import io.kairos.testing.Docker;
import io.kairos.testing.TestImages;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * A container job calling the scheduler's API through the Docker bridge (the attack: it made a process job, which ran
 * as root on the host). With authentication on, the container is a caller like any other: without a token it is
 * refused; with the token its job was given as a secret, it may do what that token may.
 */
@QuarkusTest
@TestProfile(ContainerCallsApiTest.OnTheBridge.class)
class ContainerCallsApiTest {

    /** Auth on, and listening where a container reaches the host (every interface: the bridge gateway is one). */
    public static class OnTheBridge implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kairos.auth", "on", "kairos.admin-token", AccessControlTest.ADMIN, "quarkus.http.host", "0.0.0.0");
        }
    }

    @TestHTTPResource("/")
    URL root;

    @Test
    void a_container_without_a_token_can_neither_read_nor_create_jobs() {
        Docker.requireDocker();
        String viewer = AccessControlTest.token("container-viewer", "viewer", "[]");
        // the host, as the container sees it: its default route's gateway (the bridge's address on the host)
        String command = String.join("; ",
                "KAIROS=http://$(/bin/busybox ip route | /bin/busybox awk '/^default/ {print $3}'):$PORT",
                "/bin/busybox wget -q -O - \\\"$KAIROS/api/v1/jobs\\\"; echo list=$?",
                "/bin/busybox wget -q -O - --header 'Content-Type: application/json'"
                        + " --post-data '{\\\"name\\\":\\\"made-by-a-container\\\",\\\"command\\\":\\\"id\\\"}' \\\"$KAIROS/api/v1/jobs\\\"; echo create=$?",
                "/bin/busybox wget -q -O - --header \\\"Authorization: Bearer $TOKEN\\\" \\\"$KAIROS/api/v1/jobs/calls-the-api\\\"; echo read=$?");
        String body = "{\"name\":\"calls-the-api\",\"container\":{\"image\":\"" + TestImages.busybox() + "\"},"
                + "\"command\":\"" + command + "\",\"resources\":{\"cpus\":0.1,\"memMb\":32},"
                + "\"env\":{\"PORT\":\"" + root.getPort() + "\"},"
                + "\"secrets\":{\"TOKEN\":\"" + viewer + "\"}}";
        AccessControlTest.as(AccessControlTest.ADMIN).contentType(ContentType.JSON).body(body).post("/api/v1/jobs")
                .then().statusCode(201);
        long run = AccessControlTest.as(AccessControlTest.ADMIN).post("/api/v1/jobs/calls-the-api/runs").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        await().atMost(Duration.ofSeconds(90)).until(() -> "SUCCEEDED".equals(
                AccessControlTest.as(AccessControlTest.ADMIN).get("/api/v1/runs/" + run).then().extract().path("state")));
        String out = AccessControlTest.as(AccessControlTest.ADMIN).get("/api/v1/runs/" + run + "/log?stream=stdout")
                .then().statusCode(200).extract().path("data");
        String err = AccessControlTest.as(AccessControlTest.ADMIN).get("/api/v1/runs/" + run + "/log?stream=stderr")
                .then().statusCode(200).extract().path("data");
        // the API was reachable: with its token the container read its own job
        assertThat(err, out, containsString("\"name\":\"calls-the-api\""));
        assertThat(out, containsString("read=0"));
        assertThat(out, containsString("list=1"));
        assertThat(out, containsString("create=1"));
        assertThat(err, containsString("401"));
        assertThat(out + err, not(containsString(viewer)));
        AccessControlTest.as(AccessControlTest.ADMIN).get("/api/v1/jobs/made-by-a-container").then().statusCode(404);
    }
}
