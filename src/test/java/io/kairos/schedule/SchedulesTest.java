package io.kairos.schedule;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.kairos.schedule.Fixtures.cron;
import static io.kairos.schedule.Fixtures.utc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulesTest {

    @Test
    void a_spec_with_neither_cron_nor_iso8601_is_on_demand() {
        assertTrue(Schedules.parse(new ScheduleSpec(null, null, null)).isEmpty());
        assertTrue(Schedules.parse(new ScheduleSpec(null, null, "Europe/Berlin")).isEmpty());
    }

    @Test
    void a_spec_with_both_cron_and_iso8601_is_rejected_on_the_cron_field() {
        InvalidScheduleException e = assertThrows(InvalidScheduleException.class,
                () -> Schedules.parse(new ScheduleSpec("0 0 * * *", "R/2026-01-01T00:00:00Z/P1D", null)));
        assertEquals("cron", e.field());
        assertEquals("Give either cron or iso8601, not both.", e.getMessage());
        assertEquals(e.getMessage(), e.message());
    }

    @Test
    void preview_returns_count_increasing_instants_strictly_after_from() {
        List<Instant> fires = Schedules.preview(cron("*/5 * * * *"), utc("2026-01-01T00:00:00Z"), 1000);
        assertEquals(1000, fires.size());
        assertEquals(utc("2026-01-01T00:05:00Z"), fires.get(0));
        for (int i = 1; i < fires.size(); i++) {
            assertTrue(fires.get(i).isAfter(fires.get(i - 1)));
        }
    }

    @Test
    void preview_returns_fewer_when_the_schedule_ends() {
        Schedule twice = Schedules.parse(new ScheduleSpec(null, "R2/2026-01-01T00:00:00Z/PT1H", null)).orElseThrow();
        assertEquals(2, Schedules.preview(twice, utc("2025-01-01T00:00:00Z"), 10).size());
    }

    @Test
    void preview_count_must_be_between_1_and_1000() {
        Schedule daily = cron("@daily");
        assertThrows(IllegalArgumentException.class, () -> Schedules.preview(daily, Instant.EPOCH, 0));
        assertThrows(IllegalArgumentException.class, () -> Schedules.preview(daily, Instant.EPOCH, 1001));
    }
}
