package io.kairos.schedule.firing;

import io.kairos.cluster.EmbeddedDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The sweep against a real PostgreSQL of its own, without the rest of the application. */
class SlotRecorderTest {

    private static EmbeddedDatabase db;
    private static PGSimpleDataSource ds;
    private SlotRecorder recorder;

    @BeforeAll
    static void database() throws Exception {
        db = EmbeddedDatabase.start(Files.createTempDirectory("kairos-slot-recorder").resolve("postgres"));
        Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).locations("classpath:db/migration").load().migrate();
        ds = new PGSimpleDataSource();
        ds.setUrl(db.jdbcUrl());
        ds.setUser(db.username());
        ds.setPassword(db.password());
        ds.setProperty("reWriteBatchedInserts", "true");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @BeforeEach
    void clean() throws Exception {
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("TRUNCATE job CASCADE");
        }
        recorder = new SlotRecorder(ds, new ScheduleCache(), Duration.ofSeconds(60), 20_000);
    }

    private static void job(String name, String cron, String zone, Instant next) throws Exception {
        try (Connection c = ds.getConnection(); var ps = c.prepareStatement("""
                INSERT INTO job (name, enabled, definition, schedule_cron, schedule_timezone, next_fire_at, created_at, updated_at)
                VALUES (?, true, '{}', ?, ?, ?, now(), now())""")) {
            ps.setString(1, name);
            ps.setString(2, cron);
            ps.setString(3, zone);
            ps.setObject(4, next.atOffset(java.time.ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    private static List<Instant> slots(String name) throws Exception {
        List<Instant> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); var ps = c.prepareStatement("SELECT scheduled_at FROM run WHERE job_name = ? ORDER BY 1")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, OffsetDateTime.class).toInstant());
                }
            }
        }
        return out;
    }

    private static Instant next(String name) throws Exception {
        try (Connection c = ds.getConnection(); var ps = c.prepareStatement("SELECT next_fire_at FROM job WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, OffsetDateTime.class).toInstant();
            }
        }
    }

    @Test
    void slots_inside_a_fall_back_hour_are_stored_exactly_whatever_the_jvm_time_zone() throws Exception {
        TimeZone saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
        try {
            // 2027-10-31: Berlin's clocks go back from 03:00 CEST to 02:00 CET; 00:30Z and 01:30Z are both 02:30 local
            Instant first = Instant.parse("2027-10-31T00:00:00Z");
            job("overlap", "*/30 * * * *", "UTC", first);
            recorder.sweep(first.plusMillis(5));
            assertEquals(Instant.parse("2027-10-31T00:30:00Z"), next("overlap"));
            recorder.sweep(Instant.parse("2027-10-31T00:30:00.005Z"));
            recorder.sweep(Instant.parse("2027-10-31T01:00:00.005Z"));
            recorder.sweep(Instant.parse("2027-10-31T01:30:00.005Z"));
            assertEquals(List.of(first, Instant.parse("2027-10-31T00:30:00Z"), Instant.parse("2027-10-31T01:00:00Z"),
                    Instant.parse("2027-10-31T01:30:00Z")), slots("overlap"));
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test
    void sweeping_again_records_nothing_twice() throws Exception {
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        job("again", "0 * * * *", "UTC", t);
        assertEquals(1, recorder.sweep(t.plusMillis(1)).runs());
        assertEquals(0, recorder.sweep(t.plusMillis(2)).runs());
        assertEquals(List.of(t), slots("again"));
    }

    @Test
    void two_schedulers_sweeping_at_once_record_each_slot_exactly_once() throws Exception {
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        for (int i = 0; i < 2000; i++) {
            job("many-" + i, "0 0 * * *", "UTC", t);
        }
        SlotRecorder other = new SlotRecorder(ds, new ScheduleCache(), Duration.ofSeconds(60), 500);
        SlotRecorder small = new SlotRecorder(ds, new ScheduleCache(), Duration.ofSeconds(60), 500);
        var pool = Executors.newFixedThreadPool(2);
        Callable<Integer> a = () -> drain(small, t);
        Callable<Integer> b = () -> drain(other, t);
        int total = pool.invokeAll(List.of(a, b)).stream().mapToInt(f -> {
            try {
                return f.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).sum();
        pool.shutdown();
        assertEquals(2000, total);
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT count(*), count(DISTINCT job_id) FROM run WHERE job_name LIKE 'many-%'")) {
            rs.next();
            assertEquals(2000, rs.getInt(1));
            assertEquals(2000, rs.getInt(2));
        }
    }

    private static int drain(SlotRecorder r, Instant t) throws Exception {
        int runs = 0;
        for (int i = 0; i < 20; i++) {
            runs += r.sweep(t.plusMillis(1)).runs();
        }
        return runs;
    }
}
