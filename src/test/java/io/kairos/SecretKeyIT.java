package io.kairos;

import io.kairos.testing.KairosProcess;
import io.kairos.testing.ProcessDatabase;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A scheduler started with another secret key than the one its database's secrets were stored with refuses to start,
 * saying which setting to fix, rather than failing every run of those jobs later; with the right key back, the secret
 * reaches the task again.
 */
class SecretKeyIT {

    @RegisterExtension
    static final ProcessDatabase DB = new ProcessDatabase("secret-key-it");

    private static String key(int fill) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return Base64.getEncoder().encodeToString(k);
    }

    private static Map<String, String> env(String key) {
        Map<String, String> env = new HashMap<>(DB.env("data", Map.of()));
        env.put("KAIROS_SECRET_KEY", key);
        return env;
    }

    @Test
    void a_scheduler_with_the_wrong_key_refuses_to_start_and_the_right_key_opens_the_secret_again() throws Exception {
        Path log = Path.of("target", "secret-key-it.log");
        try (KairosProcess first = KairosProcess.start(env(key(1)), log)) {
            given().baseUri(first.baseUrl()).contentType(ContentType.JSON)
                    .body("{\"name\":\"keyed\",\"command\":\"echo len=${#PW}\",\"secrets\":{\"PW\":\"twelve-chars\"}}")
                    .post("/api/v1/jobs").then().statusCode(201);
        }
        long before = Files.size(log);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> KairosProcess.start(env(key(2)), log));
        assertTrue(refused.getMessage().contains("exited"), refused.getMessage());
        String said = Files.readString(log).substring((int) before);
        assertTrue(said.contains("cannot be decrypted with this secret key") && said.contains("KAIROS_SECRET_KEY"), said);

        try (KairosProcess again = KairosProcess.start(env(key(1)), log)) {
            long run = given().baseUri(again.baseUrl()).post("/api/v1/jobs/keyed/runs").then().statusCode(201)
                    .extract().jsonPath().getLong("id");
            await().atMost(Duration.ofSeconds(60)).until(() -> "SUCCEEDED".equals(
                    given().baseUri(again.baseUrl()).get("/api/v1/runs/" + run).then().extract().path("state")));
            assertEquals("len=12\n", given().baseUri(again.baseUrl()).get("/api/v1/runs/" + run + "/log?stream=stdout")
                    .then().extract().path("data"));
        }
    }
}
