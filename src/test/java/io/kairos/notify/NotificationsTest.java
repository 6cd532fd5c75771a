package io.kairos.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.run.RunState;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Notifications through the real parts: runs of plain processes, the outbox in PostgreSQL, HTTP and SMTP on loopback. */
@QuarkusTest
@QuarkusTestResource(GreenMailResource.class)
class NotificationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static WebhookReceiver hooks;
    /** Accepts connections (the kernel does) and never answers. */
    private static ServerSocket blackHole;

    @Inject
    DataSource db;

    @BeforeAll
    static void targets() throws IOException {
        hooks = new WebhookReceiver();
        blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterAll
    static void closeTargets() throws IOException {
        hooks.close();
        blackHole.close();
    }

    private static void createJob(String json) {
        given().contentType(ContentType.JSON).body(json).post("/api/v1/jobs").then().statusCode(201);
    }

    private static long runNow(String job) {
        return given().post("/api/v1/jobs/" + job + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static String awaitEnd(long run, Duration within) {
        await("run " + run + " to end").atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> RunState.valueOf(state(run)).isTerminal());
        return state(run);
    }

    private static String state(long run) {
        return given().get("/api/v1/runs/" + run).then().statusCode(200).extract().path("state");
    }

    private static JsonNode awaitOne(String path) throws IOException {
        await("a webhook at " + path).atMost(Duration.ofSeconds(20)).until(() -> !hooks.received(path).isEmpty());
        return JSON.readTree(hooks.received(path).get(0));
    }

    private static String webhookJob(String name, String command, String on, String path, String format) {
        return """
                {"name":"%s","command":"%s","resources":{"cpus":0.1,"memMb":16},
                 "notifications":[{"on":%s,"webhook":{"url":"%s","format":"%s"}}]}"""
                .formatted(name, command, on, hooks.url(path), format);
    }

    /** state, attempts, last_error of the run's outbox rows, in id order. */
    private List<Object[]> outbox(long run) throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT state, attempts, last_error FROM notification_outbox WHERE run_id = ? ORDER BY id")) {
            ps.setLong(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                List<Object[]> rows = new java.util.ArrayList<>();
                while (rs.next()) {
                    rows.add(new Object[]{rs.getString(1), rs.getInt(2), rs.getString(3)});
                }
                return rows;
            }
        }
    }

    @Test
    void a_failed_run_posts_the_documented_json_body() throws Exception {
        createJob(webhookJob("notify-json-fail", "exit 3", "[\"FAILURE\",\"SUCCESS\"]", "/json-fail", "json"));
        long run = runNow("notify-json-fail");
        assertEquals("FAILED", awaitEnd(run, Duration.ofSeconds(30)));
        JsonNode body = awaitOne("/json-fail");
        assertEquals("FAILURE", body.get("event").asText());
        assertEquals("notify-json-fail", body.get("job").asText());
        assertEquals(run, body.get("runId").asLong());
        assertEquals("FAILED", body.get("state").asText());
        assertEquals("exited with code 3", body.get("reason").asText());
        assertEquals(3, body.get("exitCode").asInt());
        Instant.parse(body.get("scheduledAt").asText());
        Instant.parse(body.get("startedAt").asText());
        Instant.parse(body.get("finishedAt").asText());
        assertTrue(body.get("link").asText().endsWith("/api/v1/runs/" + run), body.get("link").asText());
        assertEquals(1, hooks.received("/json-fail").size());
    }

    @Test
    void a_succeeded_run_posts_json_with_event_success() throws Exception {
        createJob(webhookJob("notify-json-ok", "true", "[\"FAILURE\",\"SUCCESS\"]", "/json-ok", "json"));
        long run = runNow("notify-json-ok");
        assertEquals("SUCCEEDED", awaitEnd(run, Duration.ofSeconds(30)));
        JsonNode body = awaitOne("/json-ok");
        assertEquals("SUCCESS", body.get("event").asText());
        assertEquals("SUCCEEDED", body.get("state").asText());
        assertEquals(0, body.get("exitCode").asInt());
    }

    @Test
    void slack_format_posts_a_text_for_a_failure_and_for_a_success() throws Exception {
        createJob(webhookJob("notify-slack-fail", "exit 1", "[\"FAILURE\"]", "/slack-fail", "slack"));
        createJob(webhookJob("notify-slack-ok", "true", "[\"SUCCESS\"]", "/slack-ok", "slack"));
        long failed = runNow("notify-slack-fail");
        long ok = runNow("notify-slack-ok");
        JsonNode f = awaitOne("/slack-fail");
        JsonNode s = awaitOne("/slack-ok");
        assertEquals(List.of("text"), fieldNames(f));
        assertTrue(f.get("text").asText().contains("job notify-slack-fail run " + failed + " failed (FAILED): exited with code 1"), f.toString());
        assertTrue(s.get("text").asText().contains("job notify-slack-ok run " + ok + " succeeded"), s.toString());
        assertTrue(s.get("text").asText().contains("/api/v1/runs/" + ok), s.toString());
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void a_failed_run_sends_an_email_to_every_recipient() throws Exception {
        createJob("""
                {"name":"notify-mail","command":"exit 2","resources":{"cpus":0.1,"memMb":16},
                 "notifications":[{"on":["FAILURE"],"email":{"to":["ops@example.com","dev@example.com"]}}]}""");
        long run = runNow("notify-mail");
        awaitEnd(run, Duration.ofSeconds(30));
        await("the e-mail").atMost(Duration.ofSeconds(20)).until(() -> GreenMailResource.smtp.getReceivedMessages().length >= 2);
        MimeMessage mail = Arrays.stream(GreenMailResource.smtp.getReceivedMessages())
                .filter(m -> subject(m).contains("notify-mail")).findFirst().orElseThrow();
        assertEquals("Kairos: job notify-mail run " + run + " failed (FAILED)", mail.getSubject());
        assertTrue(com.icegreen.greenmail.util.GreenMailUtil.getBody(mail).contains("exited with code 2"));
        List<String> to = Arrays.stream(mail.getAllRecipients()).map(Object::toString).toList();
        assertEquals(List.of("ops@example.com", "dev@example.com"), to);
        await().atMost(Duration.ofSeconds(5)).until(() -> "DELIVERED".equals(outbox(run).get(0)[0]));
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    void a_target_answering_500_twice_is_retried_with_backoff_and_delivered_on_the_third_try() throws Exception {
        hooks.failFirst("/flaky", 2);
        createJob(webhookJob("notify-flaky", "true", "[\"SUCCESS\"]", "/flaky", "json"));
        long run = runNow("notify-flaky");
        awaitEnd(run, Duration.ofSeconds(30));
        Instant ended = Instant.now();
        awaitOne("/flaky");
        // 1 s, then 2 s of backoff between the three tries
        assertTrue(Duration.between(ended, Instant.now()).compareTo(Duration.ofMillis(2500)) > 0);
        assertEquals(3, hooks.hits("/flaky"));
        await().atMost(Duration.ofSeconds(5)).until(() -> "DELIVERED".equals(outbox(run).get(0)[0]));
        Object[] row = outbox(run).get(0);
        assertEquals(3, row[1]);
        assertNull(row[2]);
        given().get("/api/v1/runs/" + run + "/notifications").then().statusCode(200)
                .body("[0].state", equalTo("DELIVERED")).body("[0].attempts", equalTo(3));
    }

    @Test
    void an_unreachable_or_silent_target_delays_neither_the_runs_end_nor_other_jobs_notifications() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        createJob("""
                {"name":"notify-dead","command":"true","resources":{"cpus":0.1,"memMb":16},
                 "notifications":[{"on":["SUCCESS"],"webhook":{"url":"http://127.0.0.1:%d/silent"}},
                                  {"on":["SUCCESS"],"webhook":{"url":"http://127.0.0.1:%d/refused"}}]}"""
                .formatted(blackHole.getLocalPort(), closedPort));
        createJob(webhookJob("notify-alive", "true", "[\"SUCCESS\"]", "/alive", "json"));
        long dead = runNow("notify-dead");
        assertEquals("SUCCEEDED", awaitEnd(dead, Duration.ofSeconds(15)));
        long alive = runNow("notify-alive");
        assertEquals("SUCCEEDED", awaitEnd(alive, Duration.ofSeconds(15)));
        // the silent target holds a sender until its 10 s request timeout; the others go on meanwhile
        await("the other job's webhook").atMost(Duration.ofSeconds(5)).until(() -> !hooks.received("/alive").isEmpty());
        await("the refused target to be retried").atMost(Duration.ofSeconds(10)).until(() -> {
            Object[] refused = outbox(dead).get(1);
            return "PENDING".equals(refused[0]) && (int) refused[1] >= 2 && refused[2] != null;
        });
        assertTrue(((String) outbox(dead).get(1)[2]).contains("ConnectException"), (String) outbox(dead).get(1)[2]);
        given().get("/api/v1/runs/" + dead + "/notifications").then().statusCode(200)
                .body("[1].channel", equalTo("WEBHOOK"))
                .body("[1].event", equalTo("SUCCESS"))
                .body("[1].state", equalTo("PENDING"))
                .body("[1].target.webhook.url", equalTo("http://127.0.0.1:" + closedPort + "/refused"));
    }

    @Test
    void a_message_left_in_the_outbox_by_an_earlier_scheduler_is_delivered() throws Exception {
        // what a restart finds: a row written before, with a lease that ran out, no memory of it anywhere
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO notification_outbox (run_id, job_name, event, target_index, channel, target, payload,
                                                 attempts, next_attempt_at, created_at)
                VALUES (987654, 'gone', 'FAILURE', 0, 'WEBHOOK', CAST(? AS jsonb), CAST(? AS jsonb), 1, now() - interval '1 minute', now())""")) {
            ps.setString(1, "{\"on\":[\"FAILURE\"],\"webhook\":{\"url\":\"" + hooks.url("/left-over") + "\",\"format\":\"json\"}}");
            ps.setString(2, "{\"event\":\"FAILURE\",\"job\":\"gone\",\"runId\":987654,\"state\":\"FAILED\",\"scheduledAt\":\"2026-01-01T00:00:00Z\","
                    + "\"link\":\"http://localhost:8080/api/v1/runs/987654\"}");
            ps.executeUpdate();
        }
        JsonNode body = awaitOne("/left-over");
        assertEquals(987654, body.get("runId").asLong());
        await().atMost(Duration.ofSeconds(5)).until(() -> "DELIVERED".equals(outbox(987654).get(0)[0]));
        assertEquals(2, outbox(987654).get(0)[1]);
    }

    @Test
    void when_retries_run_out_one_message_says_retries_exhausted() throws Exception {
        createJob("""
                {"name":"notify-exhausted","command":"exit 1","resources":{"cpus":0.1,"memMb":16},
                 "retries":{"max":1,"backoffSeconds":0},
                 "notifications":[{"on":["FAILURE","RETRIES_EXHAUSTED"],"webhook":{"url":"%s"}}]}"""
                .formatted(hooks.url("/exhausted")));
        long run = runNow("notify-exhausted");
        assertEquals("FAILED", awaitEnd(run, Duration.ofSeconds(30)));
        JsonNode body = awaitOne("/exhausted");
        assertEquals("RETRIES_EXHAUSTED", body.get("event").asText());
        assertEquals(1, outbox(run).size());
    }

    @Test
    void a_run_past_its_expected_runtime_sends_overdue() throws Exception {
        createJob("""
                {"name":"notify-overdue","command":"sleep 3","expectedRuntimeSeconds":1,"resources":{"cpus":0.1,"memMb":16},
                 "notifications":[{"on":["OVERDUE"],"webhook":{"url":"%s"}}]}""".formatted(hooks.url("/overdue")));
        long run = runNow("notify-overdue");
        JsonNode body = awaitOne("/overdue");
        assertEquals("OVERDUE", body.get("event").asText());
        assertEquals("RUNNING", body.get("state").asText());
        assertEquals(run, body.get("runId").asLong());
    }

    @Test
    void bad_notifications_are_refused_naming_each_field() {
        given().contentType(ContentType.JSON).body("""
                        {"name":"notify-bad","command":"true",
                         "notifications":[{"on":["FAILURE"],"webhook":{"url":"ftp://example.com/x"}},
                                          {"on":["FAILURE","EXPLODED"],"webhook":{"url":"http://127.0.0.1:1/x"}},
                                          {"on":["FAILURE"],"email":{"to":[]}},
                                          {"on":["SUCCESS"],"webhook":{"url":"http://127.0.0.1:1/x","format":"xml"}},
                                          {"on":["SUCCESS"]}]}""")
                .post("/api/v1/jobs").then().statusCode(422)
                .body("errors.field", hasItem("/notifications/0/webhook/url"))
                .body("errors.field", hasItem("/notifications/1/on/1"))
                .body("errors.field", hasItem("/notifications/2/email/to"))
                .body("errors.field", hasItem("/notifications/3/webhook/format"))
                .body("errors.field", hasItem("/notifications/4"));
    }

    @Test
    void notifications_read_back_as_they_were_saved() {
        createJob("""
                {"name":"notify-roundtrip","command":"true",
                 "notifications":[{"on":["SUCCESS","FAILURE"],"webhook":{"url":"http://127.0.0.1:1/x","format":"slack"}},
                                  {"on":["OVERDUE"],"email":{"to":["a@b.c"]}}]}""");
        given().get("/api/v1/jobs/notify-roundtrip").then().statusCode(200)
                .body("notifications", equalTo(List.of(
                        Map.of("on", List.of("SUCCESS", "FAILURE"), "webhook", Map.of("url", "http://127.0.0.1:1/x", "format", "slack")),
                        Map.of("on", List.of("OVERDUE"), "email", Map.of("to", List.of("a@b.c"))))));
        assertNotNull(hooks);
    }
}
