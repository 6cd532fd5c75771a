package io.kairos.schedule;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static io.kairos.schedule.Fixtures.instants;
import static io.kairos.schedule.Fixtures.iso;
import static io.kairos.schedule.Fixtures.utc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepeatingIntervalScheduleTest {

    private static final Instant LONG_AGO = utc("2000-01-01T00:00:00Z");

    @Test
    void the_first_slot_is_the_start_itself() {
        assertEquals(instants("2026-01-01T09:00:00Z", "2026-01-01T10:00:00Z"),
                Schedules.preview(iso("R/2026-01-01T09:00:00Z/PT1H", null), LONG_AGO, 2));
    }

    @Test
    void rn_fires_exactly_n_times() {
        Schedule five = iso("R5/2026-01-01T00:00:00Z/PT1H", null);
        List<Instant> fires = Schedules.preview(five, LONG_AGO, 1000);
        assertEquals(5, fires.size());
        assertEquals(utc("2026-01-01T04:00:00Z"), fires.get(4));
        assertTrue(five.next(fires.get(4)).isEmpty());
        assertTrue(five.next(utc("2030-01-01T00:00:00Z")).isEmpty());
    }

    @Test
    void r0_never_fires() {
        assertTrue(iso("R0/2026-01-01T00:00:00Z/PT1H", null).next(LONG_AGO).isEmpty());
    }

    @Test
    void bare_r_repeats_forever_and_skips_a_million_past_slots_by_arithmetic() {
        Schedule everySecond = iso("R/2000-01-01T00:00:00Z/PT1S", null);
        Instant after = utc("2026-06-01T12:00:00.5Z"); // ~835 million slots later
        assertEquals(utc("2026-06-01T12:00:01Z"), everySecond.next(after).orElseThrow());
        assertEquals(utc("2026-06-01T12:00:01Z"), everySecond.next(utc("2026-06-01T12:00:00Z")).orElseThrow());
    }

    @Test
    void next_is_strictly_after_the_given_instant() {
        Schedule hourly = iso("R/2026-01-01T00:00:00Z/PT1H", null);
        assertEquals(utc("2026-01-01T01:00:00Z"), hourly.next(utc("2026-01-01T00:00:00Z")).orElseThrow());
        assertEquals(utc("2026-01-01T00:00:00Z"), hourly.next(utc("2025-12-31T23:59:59Z")).orElseThrow());
    }

    @Test
    void start_without_offset_is_wall_time_in_the_timezone() {
        assertEquals(utc("2026-01-01T08:00:00Z"),
                iso("R/2026-01-01T09:00:00/P1D", "Europe/Berlin").next(LONG_AGO).orElseThrow());
    }

    @Test
    void start_without_offset_or_timezone_is_utc() {
        Schedule schedule = iso("R/2026-01-01T09:00:00/P1D", null);
        assertEquals(utc("2026-01-01T09:00:00Z"), schedule.next(LONG_AGO).orElseThrow());
        assertEquals(ZoneOffset.UTC, schedule.zone());
    }

    @Test
    void with_a_timezone_an_iso8601_starts_wall_clock_time_is_read_in_that_zone() {
        // Chronos' rule: the +05:00 is ignored, 09:00 is Berlin's 09:00.
        Schedule schedule = iso("R/2026-01-01T09:00:00+05:00/P1D", "Europe/Berlin");
        assertEquals(utc("2026-01-01T08:00:00Z"), schedule.next(LONG_AGO).orElseThrow());
        assertEquals(ZoneId.of("Europe/Berlin"), schedule.zone());
    }

    @Test
    void without_a_timezone_the_starts_offset_fixes_the_instant() {
        Schedule schedule = iso("R/2026-01-01T09:00:00+05:00/PT1H", null);
        assertEquals(utc("2026-01-01T04:00:00Z"), schedule.next(LONG_AGO).orElseThrow());
        assertEquals(ZoneOffset.ofHours(5), schedule.zone());
    }

    @Test
    void a_daily_period_keeps_the_wall_time_across_daylight_saving() {
        assertEquals(instants("2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z", "2026-03-30T07:00:00Z"),
                Schedules.preview(iso("R/2026-03-28T09:00:00/P1D", "Europe/Berlin"), LONG_AGO, 3));
    }

    @Test
    void a_24_hour_period_is_exact_elapsed_time_across_daylight_saving() {
        assertEquals(instants("2026-03-28T08:00:00Z", "2026-03-29T08:00:00Z"),
                Schedules.preview(iso("R/2026-03-28T09:00:00/PT24H", "Europe/Berlin"), LONG_AGO, 2));
    }

    @Test
    void a_mixed_period_adds_the_calendar_part_then_the_exact_part() {
        // k=1: wall 03-29 00:00 (+01:00, before the gap) + 12h; k=2: wall 03-30 00:00 (+02:00) + 24h.
        assertEquals(instants("2026-03-27T23:00:00Z", "2026-03-29T11:00:00Z", "2026-03-30T22:00:00Z"),
                Schedules.preview(iso("R/2026-03-28T00:00:00/P1DT12H", "Europe/Berlin"), LONG_AGO, 3));
    }

    @Test
    void monthly_slots_are_computed_from_the_start_so_day_31_comes_back() {
        assertEquals(instants("2026-01-31T00:00:00Z", "2026-02-28T00:00:00Z", "2026-03-31T00:00:00Z", "2026-04-30T00:00:00Z"),
                Schedules.preview(iso("R/2026-01-31T00:00:00Z/P1M", null), LONG_AGO, 4));
    }

    @Test
    void yearly_slots_from_february_29_return_to_it_in_leap_years() {
        assertEquals(instants("2024-02-29T00:00:00Z", "2025-02-28T00:00:00Z", "2026-02-28T00:00:00Z",
                        "2027-02-28T00:00:00Z", "2028-02-29T00:00:00Z"),
                Schedules.preview(iso("R/2024-02-29T00:00:00Z/P1Y", null), LONG_AGO, 5));
    }

    @Test
    void a_week_is_seven_calendar_days() {
        assertEquals(instants("2026-01-05T06:00:00Z", "2026-01-12T06:00:00Z"),
                Schedules.preview(iso("R/2026-01-05T06:00:00Z/P1W", null), LONG_AGO, 2));
    }

    @Test
    void calendar_periods_find_a_far_slot_without_walking_every_one() {
        Schedule daily = iso("R/1970-01-01T06:00:00Z/P1D", null);
        long start = System.nanoTime();
        assertEquals(utc("2026-06-02T06:00:00Z"), daily.next(utc("2026-06-01T06:00:00Z")).orElseThrow());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 200);
    }

    @Test
    void a_bounded_calendar_series_ends_after_its_last_slot() {
        Schedule three = iso("R3/2026-01-31T00:00:00Z/P1M", null);
        assertEquals(instants("2026-01-31T00:00:00Z", "2026-02-28T00:00:00Z", "2026-03-31T00:00:00Z"),
                Schedules.preview(three, LONG_AGO, 10));
        assertTrue(three.next(utc("2026-03-31T00:00:00Z")).isEmpty());
    }

    @Test
    void a_start_inside_a_gap_shifts_forward_but_later_slots_keep_the_written_wall_time() {
        assertEquals(instants("2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z"),
                Schedules.preview(iso("R/2026-03-29T02:30:00/P1D", "Europe/Berlin"), LONG_AGO, 2));
    }

    @Test
    void fractional_seconds_in_the_start_are_kept() {
        assertEquals(utc("2026-01-01T00:00:00.250Z"),
                iso("R/2026-01-01T00:00:00.250Z/PT1H", null).next(LONG_AGO).orElseThrow());
    }

    @Test
    void the_expression_is_kept_as_written() {
        assertEquals("R5/2026-01-01T00:00:00Z/PT1H", iso(" R5/2026-01-01T00:00:00Z/PT1H ", null).expression());
        assertTrue(iso("R/2026-01-01T00:00:00Z/PT1H", null) instanceof RepeatingIntervalSchedule);
    }

    @Test
    void malformed_or_non_positive_intervals_are_rejected_naming_the_iso8601_field() {
        for (String bad : List.of("", " ", "R", "R/2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z/PT1H",
                "R-1/2026-01-01T00:00:00Z/PT1H", "Rx/2026-01-01T00:00:00Z/PT1H", "R99999999999999999999/2026-01-01T00:00:00Z/PT1H",
                "R/yesterday/PT1H", "R/2026-13-01T00:00:00Z/PT1H", "R/2026-01-01/PT1H", "R/2026-01-01T00:00:00Z/1H",
                "R/2026-01-01T00:00:00Z/P", "R/2026-01-01T00:00:00Z/PT", "R/2026-01-01T00:00:00Z/P1DT",
                "R/2026-01-01T00:00:00Z/PT0S", "R/2026-01-01T00:00:00Z/P0D", "R/2026-01-01T00:00:00Z/PT-1H",
                "R/2026-01-01T00:00:00Z/P-1D", "R/2026-01-01T00:00:00Z/-PT1H", "R/2026-01-01T00:00:00Z/PT1H-30M",
                "R/2026-01-01T00:00:00Z/PT0.001S", "R/2026-01-01T00:00:00Z/P1.5D", "R/2026-01-01T00:00:00Z/PT1H/x",
                "R/2026-01-01T00:00:00Z/P99999999999D", "x".repeat(10_000))) {
            InvalidScheduleException e = assertThrows(InvalidScheduleException.class,
                    () -> Schedules.parse(new ScheduleSpec(null, bad, null)), () -> "accepted: " + bad);
            assertEquals("iso8601", e.field(), bad);
            assertTrue(!e.getMessage().isBlank() && e.getMessage().length() < 400, e.getMessage());
        }
    }

    @Test
    void a_series_far_in_the_future_ends_quietly_at_the_end_of_representable_time() {
        Schedule yearly = iso("R/+999999998-01-01T00:00:00Z/P1Y", null);
        assertEquals(utc("+999999998-01-01T00:00:00Z"), yearly.next(LONG_AGO).orElseThrow());
        assertTrue(yearly.next(utc("+999999999-01-01T00:00:00Z")).isEmpty());
    }
}
