package io.kairos.schedule;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static io.kairos.schedule.Fixtures.cron;
import static io.kairos.schedule.Fixtures.instants;
import static io.kairos.schedule.Fixtures.utc;
import static io.kairos.schedule.Fixtures.walk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wall-clock semantics across daylight saving. Berlin: 2026-03-29 02:00→03:00 CET→CEST,
 * 2026-10-25 03:00→02:00. New York: 2026-03-08 02:00→03:00, 2026-11-01 02:00→01:00.
 * Lord Howe shifts by 30 minutes: 2026-10-04 02:00→02:30.
 */
class CronDaylightSavingTest {

    @Test
    void spring_forward_gap_shifts_the_slot_by_the_gap_length() {
        // 02:30 does not exist in Berlin on 2026-03-29: it fires at 03:30 CEST (01:30Z).
        assertEquals(instants("2026-03-28T01:30:00Z", "2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z"),
                Schedules.preview(cron("30 2 * * *", "Europe/Berlin"), utc("2026-03-27T12:00:00Z"), 3));
    }

    @Test
    void quarter_hourly_cron_crosses_the_gap_without_repeating_or_going_back() {
        // Wall 02:00, 02:15... map to 03:00, 03:15... CEST, which the wall's own 03:00, 03:15 also are.
        assertEquals(instants("2026-03-29T00:45:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:15:00Z",
                        "2026-03-29T01:30:00Z", "2026-03-29T01:45:00Z", "2026-03-29T02:00:00Z"),
                Schedules.preview(cron("*/15 * * * *", "Europe/Berlin"), utc("2026-03-29T00:30:00Z"), 6));
    }

    @Test
    void fall_back_overlap_fires_once_at_the_earlier_offset() {
        // 02:30 happens twice in Berlin on 2026-10-25: first at +02:00 (00:30Z), then at +01:00 (01:30Z).
        assertEquals(instants("2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"),
                Schedules.preview(cron("30 2 * * *", "Europe/Berlin"), utc("2026-10-23T12:00:00Z"), 3));
    }

    @Test
    void quarter_hourly_cron_skips_the_repeated_wall_hour_of_an_overlap() {
        assertEquals(instants("2026-10-24T23:45:00Z", "2026-10-25T00:00:00Z", "2026-10-25T00:15:00Z",
                        "2026-10-25T00:30:00Z", "2026-10-25T00:45:00Z", "2026-10-25T02:00:00Z", "2026-10-25T02:15:00Z"),
                Schedules.preview(cron("*/15 * * * *", "Europe/Berlin"), utc("2026-10-24T23:30:00Z"), 7));
    }

    @Test
    void asking_from_inside_the_repeated_hour_gives_the_first_wall_time_after_it() {
        // 01:20Z is 02:20 CET, the second pass through 02:xx: the next fire is 03:00 CET.
        assertEquals(utc("2026-10-25T02:00:00Z"),
                cron("*/15 * * * *", "Europe/Berlin").next(utc("2026-10-25T01:20:00Z")).orElseThrow());
    }

    @Test
    void new_york_gap_and_overlap_follow_the_same_rules() {
        Schedule halfPastTwo = cron("30 2 * * *", "America/New_York");
        assertEquals(utc("2026-03-08T07:30:00Z"), halfPastTwo.next(utc("2026-03-07T12:00:00Z")).orElseThrow()); // 03:30 EDT
        Schedule halfPastOne = cron("30 1 * * *", "America/New_York");
        assertEquals(instants("2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"),
                Schedules.preview(halfPastOne, utc("2026-10-31T12:00:00Z"), 2)); // 01:30 EDT once, then 01:30 EST
    }

    @Test
    void daily_cron_keeps_its_wall_time_across_daylight_saving() {
        assertEquals(instants("2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z"),
                Schedules.preview(cron("0 9 * * *", "America/New_York"), utc("2026-03-07T00:00:00Z"), 2));
    }

    @Test
    void half_hour_gap_at_lord_howe_returns_the_earliest_shifted_slot_first() {
        // Wall 02:00 and 02:20 fall in the 02:00→02:30 gap and shift to 02:30 and 02:50 (+11:00);
        // wall 02:40 is real and lies between them, so it must not be skipped.
        assertEquals(instants("2026-10-03T15:10:00Z", "2026-10-03T15:30:00Z", "2026-10-03T15:40:00Z",
                        "2026-10-03T15:50:00Z", "2026-10-03T16:00:00Z"),
                Schedules.preview(cron("*/20 * * * *", "Australia/Lord_Howe"), utc("2026-10-03T15:00:00Z"), 5));
    }

    @Test
    void walking_a_whole_year_matches_every_wall_time_mapped_and_deduplicated() {
        for (String zone : List.of("Europe/Berlin", "America/New_York", "Australia/Lord_Howe")) {
            Instant from = utc("2025-12-31T00:00:00Z");
            Instant until = utc("2027-01-02T00:00:00Z");
            // Oracle: every wall time whose minute is a multiple of 20, placed with java.time.
            TreeSet<Instant> expected = new TreeSet<>();
            for (LocalDateTime t = LocalDateTime.of(2025, 12, 30, 0, 0); t.getYear() < 2028; t = t.plusMinutes(20)) {
                Instant i = ZonedDateTime.of(t, ZoneId.of(zone)).toInstant();
                if (i.isAfter(from) && !i.isAfter(until)) {
                    expected.add(i);
                }
            }
            assertEquals(new ArrayList<>(expected), walk(cron("*/20 * * * *", zone), from, until), zone);
        }
    }

    @Test
    void repeated_calls_never_return_an_instant_twice_or_go_back() {
        for (String expression : List.of("*/15 * * * *", "0 * * * *", "0,30 2 * * *", "*/10 * * * * *")) {
            Schedule schedule = cron(expression, "Europe/Berlin");
            List<Instant> fires = walk(schedule, utc("2026-03-28T20:00:00Z"), utc("2026-03-29T06:00:00Z"));
            fires.addAll(walk(schedule, utc("2026-10-24T20:00:00Z"), utc("2026-10-25T06:00:00Z")));
            for (int i = 1; i < fires.size(); i++) {
                assertTrue(fires.get(i).isAfter(fires.get(i - 1)), expression + " at " + fires.get(i));
            }
        }
    }

    @Test
    void the_zone_is_the_one_the_spec_named() {
        assertEquals(ZoneId.of("Europe/Berlin"), cron("0 0 * * *", "Europe/Berlin").zone());
    }
}
