package io.kairos.security;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.kairos.testing.Docker;
import io.kairos.testing.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a container may get of its host: privileged, the host's network, host mounts and added capabilities are each a
 * way to root on the host, refused unless an admin allows them for the job's role; everything else runs with
 * no-new-privileges and Docker's defaults.
 */
@QuarkusTest
class ContainerHostAccessTest {

    private static String job(String name, String role, String container) {
        return "{\"name\":\"" + name + "\",\"role\":\"" + role + "\",\"command\":\"true\",\"resources\":{\"cpus\":0.1,\"memMb\":32},"
                + "\"container\":{\"image\":\"" + TestImages.busybox() + "\"," + container + "}}";
    }

    @Test
    void privileges_of_the_host_are_refused_naming_the_field_unless_the_role_allows_them() {
        for (String[] c : List.of(new String[]{"\"privileged\":true", "/container/privileged"},
                new String[]{"\"network\":\"host\"", "/container/network"},
                new String[]{"\"volumes\":[{\"hostPath\":\"/etc\",\"containerPath\":\"/host-etc\"}]", "/container/volumes"},
                new String[]{"\"capAdd\":[\"SYS_ADMIN\"]", "/container/capAdd"})) {
            given().contentType(ContentType.JSON).body(job("wants-root", "batch", c[0])).post("/api/v1/jobs").then()
                    .statusCode(403).contentType("application/problem+json").body("errors.field", hasItem(c[1]))
                    .body("detail", containsString("PUT /api/v1/roles/batch"));
        }
        given().get("/api/v1/jobs/wants-root").then().statusCode(404);
        // what Docker allows anyway needs nothing
        given().contentType(ContentType.JSON).body(job("no-network", "batch", "\"network\":\"none\"")).post("/api/v1/jobs")
                .then().statusCode(201).body("container.network", equalTo("none"));
    }

    @Test
    void malformed_host_access_is_refused_naming_the_field() {
        given().contentType(ContentType.JSON).body(job("bad-net", "batch", "\"network\":\"overlay\"")).post("/api/v1/jobs")
                .then().statusCode(422).body("errors.field", hasItem("/container/network"));
        given().contentType(ContentType.JSON).body(job("bad-vol", "batch",
                "\"volumes\":[{\"hostPath\":\"data\",\"containerPath\":\"/d:rw\",\"mode\":\"X\"}]")).post("/api/v1/jobs")
                .then().statusCode(422).body("errors.field", hasItem("/container/volumes/0/hostPath"))
                .body("errors.field", hasItem("/container/volumes/0/containerPath")).body("errors.field", hasItem("/container/volumes/0/mode"));
        given().contentType(ContentType.JSON).body(job("bad-cap", "batch", "\"capAdd\":[\"net admin\"]")).post("/api/v1/jobs")
                .then().statusCode(422).body("errors.field", hasItem("/container/capAdd/0"));
        given().contentType(ContentType.JSON).body("{\"allow\":[\"root\"]}").put("/api/v1/roles/bad-allow").then().statusCode(422)
                .body("errors.field", hasItem("/allow/0"));
    }

    @Test
    void an_allowed_role_runs_a_container_with_an_added_capability_and_a_read_only_mount_and_keeps_the_allowance_while_used()
            throws Exception {
        Path shared = Files.createTempDirectory("kairos-mount");
        Files.writeString(shared.resolve("hello.txt"), "from the host\n");
        given().contentType(ContentType.JSON).body("{\"allow\":[\"privileged\",\"host-mounts\",\"capabilities\"]}")
                .put("/api/v1/roles/trusted").then().statusCode(200)
                .body("allow", equalTo(List.of("privileged", "host-mounts", "capabilities")));
        // a privileged container is allowed too (this machine's Docker cannot start one: its root lacks capabilities)
        given().contentType(ContentType.JSON).body(job("trusted-priv", "trusted", "\"privileged\":true")).post("/api/v1/jobs")
                .then().statusCode(201).body("container.privileged", equalTo(true));
        given().contentType(ContentType.JSON).body(job("trusted-caps", "trusted",
                "\"capAdd\":[\"NET_ADMIN\"],\"volumes\":[{\"hostPath\":\"" + shared + "\",\"containerPath\":\"/shared\"}]")
                .replace("\"command\":\"true\"", "\"command\":\"cat /shared/hello.txt; echo x > /shared/new 2>/dev/null; echo write=$?;"
                        + " /bin/busybox grep CapEff /proc/self/status; sleep 30\"")).post("/api/v1/jobs").then().statusCode(201);
        long run = given().post("/api/v1/jobs/trusted-caps/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        awaitOutput(run, "CapEff");
        InspectContainerResponse c = Docker.requireDocker().inspectContainerCmd(containerOf(run)).exec();
        assertEquals(List.of("no-new-privileges"), c.getHostConfig().getSecurityOpts());
        given().post("/api/v1/runs/" + run + "/kill").then().statusCode(200);
        String out = given().get("/api/v1/runs/" + run + "/log?stream=stdout").then().extract().path("data");
        assertTrue(out.contains("from the host"), out);
        assertTrue(out.contains("write=1"), "the mount is read-only: " + out);
        // Docker's default set plus CAP_NET_ADMIN (bit 12)
        assertTrue(out.contains("CapEff:\t00000000a80435fb"), out);
        assertFalse(Files.exists(shared.resolve("new")));

        given().contentType(ContentType.JSON).body("{\"allow\":[\"host-mounts\",\"capabilities\"]}").put("/api/v1/roles/trusted")
                .then().statusCode(409).body("detail", containsString("trusted-priv"));
        given().delete("/api/v1/jobs/trusted-priv").then().statusCode(204);
        given().delete("/api/v1/jobs/trusted-caps").then().statusCode(204);
        given().contentType(ContentType.JSON).body("{\"allow\":[]}").put("/api/v1/roles/trusted").then().statusCode(200)
                .body("allow", equalTo(List.of()));
    }

    @Test
    void an_ordinary_container_runs_with_no_new_privileges_and_dockers_default_capabilities() {
        given().contentType(ContentType.JSON).body(job("plain-caps", "batch", "\"forcePull\":false")
                .replace("\"command\":\"true\"", "\"command\":\"/bin/busybox grep CapEff /proc/self/status; sleep 30\"")).post("/api/v1/jobs")
                .then().statusCode(201);
        long run = given().post("/api/v1/jobs/plain-caps/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        awaitOutput(run, "CapEff");
        InspectContainerResponse c = Docker.requireDocker().inspectContainerCmd(containerOf(run)).exec();
        assertFalse(Boolean.TRUE.equals(c.getHostConfig().getPrivileged()));
        assertEquals(List.of("no-new-privileges"), c.getHostConfig().getSecurityOpts());
        given().post("/api/v1/runs/" + run + "/kill").then().statusCode(200);
        String out = given().get("/api/v1/runs/" + run + "/log?stream=stdout").then().extract().path("data");
        assertTrue(out.contains("CapEff:\t00000000a80425fb"), out);
    }

    private static void awaitOutput(long run, String text) {
        await("run " + run + " to print " + text).atMost(Duration.ofSeconds(60)).until(() -> {
            String state = given().get("/api/v1/runs/" + run).then().extract().path("state");
            if (state.equals("FAILED") || state.equals("KILLED") || state.equals("SUCCEEDED")) {
                throw new AssertionError("run " + run + " ended before printing " + text + ": "
                        + given().get("/api/v1/runs/" + run).asString() + given().get("/api/v1/runs/" + run + "/log?stream=stderr").asString());
            }
            return given().get("/api/v1/runs/" + run + "/log?stream=stdout").then().extract().<String>path("data").contains(text);
        });
    }

    private static String containerOf(long run) {
        return given().get("/api/v1/runs/" + run).then().extract().path("attempts[0].containerId");
    }
}
