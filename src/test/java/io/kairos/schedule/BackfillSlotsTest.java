package io.kairos.schedule;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kairos.schedule.Fixtures.cron;
import static io.kairos.schedule.Fixtures.utc;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link Schedules#between}, the slots a backfill covers. */
class BackfillSlotsTest {

    @Test
    void both_ends_of_the_range_are_included() {
        assertEquals(List.of(utc("2024-01-01T02:00:00Z"), utc("2024-01-02T02:00:00Z"), utc("2024-01-03T02:00:00Z")),
                Schedules.between(cron("0 2 * * *"), utc("2024-01-01T02:00:00Z"), utc("2024-01-03T02:00:00Z"), 100));
    }

    @Test
    void a_range_without_slots_gives_none() {
        assertEquals(List.of(), Schedules.between(cron("0 2 * * *"), utc("2024-01-01T03:00:00Z"), utc("2024-01-02T01:59:59Z"), 100));
    }

    @Test
    void a_range_with_more_than_max_slots_stops_at_max_plus_one_so_the_caller_can_refuse_it() {
        // a year of minutes: the walk stops early
        assertEquals(11, Schedules.between(cron("* * * * *"), utc("2024-01-01T00:00:00Z"), utc("2025-01-01T00:00:00Z"), 10).size());
    }
}
