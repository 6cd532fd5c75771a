package io.kairos;

import io.kairos.testing.KairosProcess;
import io.kairos.testing.ProcessDatabase;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kairos is killed (SIGKILL) in the middle of two schedules and started again on the same
 * database. Every slot must then exist exactly once: run, or skipped with its reason.
 */
class RestartIT {

    @RegisterExtension
    static final ProcessDatabase DB = new ProcessDatabase("restart-it");

    private record Slot(Instant at, String state, String reason) {
    }

    @Test
    void a_crash_in_the_middle_of_a_schedule_neither_repeats_nor_loses_a_slot() throws Exception {
        Map<String, String> env = DB.env("data", Map.of(
                // slots more than 3 s late count as missed, so a short outage shows the catch-up rules
                "KAIROS_FIRING_LATE_AFTER", "3s"));
        Path log = Path.of("target", "restart-it.log");
        Instant crashedAt;
        try (KairosProcess first = KairosProcess.start(env, log)) {
            create(first, "{\"name\":\"every2s\",\"command\":\"true\",\"schedule\":{\"cron\":\"*/2 * * * * *\"}}");
            create(first, "{\"name\":\"deadline1s\",\"command\":\"true\",\"startingDeadlineSeconds\":1,\"catchUp\":\"ALL\","
                    + "\"schedule\":{\"cron\":\"*/2 * * * * *\"}}");
            await().atMost(Duration.ofSeconds(30)).until(() -> slots("every2s").size() >= 3 && slots("deadline1s").size() >= 3);
            first.crash();
            crashedAt = Instant.now();
        }
        // the outage: several slots of both jobs pass while no Kairos runs (deliberate, not a wait for a condition)
        Thread.sleep(8_000);
        try (KairosProcess second = KairosProcess.start(env, log)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> slotsAfter("every2s", Instant.now().minusSeconds(1)) > 0
                    && slotsAfter("deadline1s", Instant.now().minusSeconds(1)) > 0);
        }

        for (String job : List.of("every2s", "deadline1s")) {
            List<Slot> slots = slots(job);
            for (int i = 1; i < slots.size(); i++) {
                assertEquals(Duration.ofSeconds(2), Duration.between(slots.get(i - 1).at(), slots.get(i).at()),
                        job + ": slots must follow each other every 2 s with none missing or doubled: " + slots);
            }
        }
        List<Slot> missed = slots("every2s").stream().filter(s -> s.at().isAfter(crashedAt.plusSeconds(1))
                && s.reason() != null && (s.reason().contains("missed") || s.reason().contains("catch-up"))).toList();
        assertTrue(missed.size() >= 2, "the outage must have made slots late: " + slots("every2s"));
        assertEquals(1, missed.stream().filter(s -> s.reason().startsWith("catch-up")).count(),
                "catchUp=LATEST runs exactly one catch-up run: " + missed);
        assertTrue(missed.stream().filter(s -> !s.reason().startsWith("catch-up")).allMatch(s -> s.state().equals("SKIPPED")),
                "the other missed slots are skipped: " + missed);
        List<Slot> pastDeadline = slots("deadline1s").stream().filter(s -> s.reason() != null && s.reason().contains("startingDeadlineSeconds")).toList();
        assertTrue(pastDeadline.size() >= 2, "slots later than the starting deadline are skipped: " + slots("deadline1s"));
        assertTrue(pastDeadline.stream().allMatch(s -> s.state().equals("SKIPPED")));
    }

    private static void create(KairosProcess k, String body) {
        given().baseUri(k.baseUrl()).contentType(ContentType.JSON).body(body).post("/api/v1/jobs").then().statusCode(201);
    }

    private static List<Slot> slots(String job) throws SQLException {
        try (Connection c = DB.connect();
             var ps = c.prepareStatement("SELECT scheduled_at, state, reason FROM run WHERE job_name = ? ORDER BY scheduled_at")) {
            ps.setString(1, job);
            List<Slot> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Slot(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3)));
                }
            }
            return out;
        }
    }

    private static long slotsAfter(String job, Instant after) throws SQLException {
        return slots(job).stream().filter(s -> s.at().isAfter(after)).count();
    }
}
