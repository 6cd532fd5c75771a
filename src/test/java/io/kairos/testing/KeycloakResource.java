package io.kairos.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenID Connect provider for the console's OIDC login: Keycloak, from the distribution the build unpacks into
 * {@code target/keycloak} (the pom's dependency plugin), started as its own process on 127.0.0.1 with ports of its
 * own and an in-memory database, with one realm imported: {@link #REALM}, its confidential client {@link #CLIENT},
 * and the users {@code alice} (realm role {@code developer}, group {@code /data}) and {@code bob} (no role, group
 * {@code /ops/oncall}), passwords {@code alice-pw} and {@code bob-pw}. Its roles reach the ID token as the claim
 * {@code kairos_role}, its groups as {@code groups} (full paths), as a Keycloak admin would map them.
 */
public class KeycloakResource implements QuarkusTestResourceLifecycleManager {

    public static final String REALM = "kairos";
    public static final String CLIENT = "kairos-console";
    public static final String SECRET = "kairos-console-secret";

    private Process keycloak;
    private Path log;

    @Override
    public Map<String, String> start() {
        Path home = Path.of(System.getProperty("kairos.test.keycloak", "target/keycloak/keycloak-25.0.6")).toAbsolutePath();
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException(home + "/bin/kc.sh is missing: build with Maven (generate-test-resources unpacks Keycloak)");
        }
        try {
            Path imports = Files.createDirectories(home.resolve("data/import"));
            Files.writeString(imports.resolve(REALM + "-realm.json"), realm());
            int http = KairosProcess.freePort();
            int management = KairosProcess.freePort();
            log = Files.createTempFile("kairos-keycloak", ".log");
            ProcessBuilder pb = new ProcessBuilder(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + http, "--http-management-port=" + management,
                    "--db=dev-mem", "--import-realm", "--cache=local"))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            // the default Java (17) runs Keycloak 25; a JAVA_HOME of the build's own choosing could be older
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("JAVA_OPTS_APPEND", "-Xmx512m");
            keycloak = pb.start();
            String issuer = "http://127.0.0.1:" + http + "/realms/" + REALM;
            awaitDiscovery(issuer);
            return Map.of("kairos.auth.oidc.issuer", issuer, "kairos.auth.oidc.client-id", CLIENT,
                    "kairos.auth.oidc.client-secret", SECRET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitDiscovery(String issuer) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (Instant.now().isBefore(deadline)) {
            if (!keycloak.isAlive()) {
                throw new IllegalStateException("Keycloak exited (" + keycloak.exitValue() + "); its log:\n" + tail());
            }
            try {
                if (client.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        throw new IllegalStateException("Keycloak did not serve " + issuer + " within 4 minutes; its log:\n" + tail());
    }

    @Override
    public void stop() {
        if (keycloak == null) {
            return;
        }
        keycloak.descendants().forEach(ProcessHandle::destroy);
        keycloak.destroy();
        try {
            if (!keycloak.waitFor(30, TimeUnit.SECONDS)) {
                keycloak.descendants().forEach(ProcessHandle::destroyForcibly);
                keycloak.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static String realm() {
        return """
                {"realm": "%s", "enabled": true, "sslRequired": "none",
                 "roles": {"realm": [{"name": "developer"}, {"name": "operator"}, {"name": "admin"}]},
                 "groups": [{"name": "data"}, {"name": "ops", "subGroups": [{"name": "oncall"}]}],
                 "clients": [{"clientId": "%s", "enabled": true, "publicClient": false, "secret": "%s",
                   "standardFlowEnabled": true, "directAccessGrantsEnabled": false,
                   "redirectUris": ["http://127.0.0.1:*", "http://localhost:*"],
                   "protocolMappers": [
                     {"name": "groups", "protocol": "openid-connect", "protocolMapper": "oidc-group-membership-mapper",
                      "config": {"claim.name": "groups", "full.path": "true", "id.token.claim": "true",
                                 "access.token.claim": "true", "userinfo.token.claim": "true"}},
                     {"name": "kairos_role", "protocol": "openid-connect", "protocolMapper": "oidc-usermodel-realm-role-mapper",
                      "config": {"claim.name": "kairos_role", "multivalued": "true", "jsonType.label": "String",
                                 "id.token.claim": "true", "access.token.claim": "true", "userinfo.token.claim": "true"}}]}],
                 "users": [
                   {"username": "alice", "enabled": true, "email": "alice@example.test", "emailVerified": true,
                    "firstName": "Alice", "lastName": "Ames", "realmRoles": ["developer"], "groups": ["/data"],
                    "credentials": [{"type": "password", "value": "alice-pw", "temporary": false}]},
                   {"username": "bob", "enabled": true, "email": "bob@example.test", "emailVerified": true,
                    "firstName": "Bob", "lastName": "Burns", "groups": ["/ops/oncall"],
                    "credentials": [{"type": "password", "value": "bob-pw", "temporary": false}]}]}
                """.formatted(REALM, CLIENT, SECRET);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
