package io.kairos.schedule;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static io.kairos.schedule.Fixtures.cron;
import static io.kairos.schedule.Fixtures.instants;
import static io.kairos.schedule.Fixtures.utc;
import static io.kairos.schedule.Fixtures.walk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What cron expressions match, in UTC; time zones have their own test. */
class CronMatchingTest {

    private static final Instant FROM = utc("2025-12-31T23:59:59Z");
    private static final Instant UNTIL = utc("2028-12-31T23:59:59Z");

    /** Midnights of 2026..2028 whose date satisfies {@code day}: an oracle independent of cron-utils. */
    private static List<Instant> midnightsWhere(Predicate<LocalDate> day) {
        List<Instant> result = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2026, 1, 1); d.getYear() <= 2028; d = d.plusDays(1)) {
            if (day.test(d)) {
                result.add(d.atStartOfDay().toInstant(ZoneOffset.UTC));
            }
        }
        return result;
    }

    private static List<Instant> midnights(String expression) {
        return walk(cron(expression), FROM, UNTIL);
    }

    @Test
    void five_field_cron_reads_minute_hour_day_month_weekday() {
        // minute 1, hour 2, April, on the 3rd or on Fridays
        assertEquals(instants("2026-04-03T02:01:00Z", "2026-04-10T02:01:00Z", "2026-04-17T02:01:00Z",
                        "2026-04-24T02:01:00Z", "2027-04-02T02:01:00Z", "2027-04-03T02:01:00Z"),
                Schedules.preview(cron("1 2 3 4 5"), FROM, 6));
    }

    @Test
    void restricted_day_of_month_and_day_of_week_match_when_either_matches() {
        assertEquals(midnightsWhere(d -> d.getDayOfMonth() == 13 || d.getDayOfWeek() == DayOfWeek.FRIDAY),
                midnights("0 0 13 * 5"));
    }

    @Test
    void a_wildcard_day_field_leaves_the_other_day_field_in_charge() {
        assertEquals(midnightsWhere(d -> d.getDayOfWeek() == DayOfWeek.MONDAY), midnights("0 0 * * 1"));
        assertEquals(midnightsWhere(d -> d.getDayOfMonth() == 13), midnights("0 0 13 * *"));
    }

    @Test
    void sunday_is_both_zero_and_seven() {
        List<Instant> sundays = midnightsWhere(d -> d.getDayOfWeek() == DayOfWeek.SUNDAY);
        assertEquals(sundays, midnights("0 0 * * 0"));
        assertEquals(sundays, midnights("0 0 * * 7"));
        assertEquals(sundays, midnights("0 0 * * SUN"));
    }

    @Test
    void day_and_month_names_are_accepted_in_any_case() {
        assertEquals(midnightsWhere(d -> d.getMonthValue() == 1 && d.getDayOfWeek() == DayOfWeek.MONDAY),
                midnights("0 0 * JAN MON"));
        assertEquals(midnightsWhere(d -> d.getDayOfWeek().getValue() <= 5), midnights("0 0 * * mon-fri"));
    }

    @Test
    void a_weekday_range_written_sun_to_sat_or_mon_to_sun_covers_every_day() {
        List<Instant> everyDay = midnightsWhere(d -> true);
        assertEquals(everyDay, midnights("0 0 * * SUN-SAT"));
        assertEquals(everyDay, midnights("0 0 * * MON-SUN"));
        assertEquals(everyDay, midnights("0 0 * * 0-6"));
    }

    @Test
    void a_question_mark_in_a_day_field_means_any_day() {
        assertEquals(midnightsWhere(d -> d.getDayOfWeek() == DayOfWeek.FRIDAY), midnights("0 0 ? * 5"));
        assertEquals(midnightsWhere(d -> d.getDayOfMonth() == 13), midnights("0 0 13 * ?"));
    }

    @Test
    void day_31_skips_the_months_that_are_shorter() {
        assertEquals(midnightsWhere(d -> d.getDayOfMonth() == 31), midnights("0 0 31 * *"));
        assertEquals(instants("2026-01-31T00:00:00Z", "2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z"),
                Schedules.preview(cron("0 0 31 * *"), FROM, 3));
    }

    @Test
    void february_29_fires_only_in_leap_years_and_skips_2100() {
        assertEquals(instants("2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"),
                Schedules.preview(cron("0 0 29 2 *"), utc("2024-03-01T00:00:00Z"), 2));
        assertEquals(instants("2096-02-29T00:00:00Z", "2104-02-29T00:00:00Z"),
                Schedules.preview(cron("0 0 29 2 *"), utc("2095-01-01T00:00:00Z"), 2));
    }

    @Test
    void l_is_the_last_day_of_each_month() {
        assertEquals(midnightsWhere(d -> d.getDayOfMonth() == d.lengthOfMonth()), midnights("0 0 L * *"));
    }

    @Test
    void l_with_a_restricted_weekday_also_follows_the_either_rule() {
        assertEquals(midnightsWhere(d -> d.getDayOfMonth() == d.lengthOfMonth() || d.getDayOfWeek() == DayOfWeek.FRIDAY),
                midnights("0 0 L * 5"));
    }

    @Test
    void steps_lists_and_ranges_match_like_unix_cron() {
        assertEquals(midnightsWhere(d -> d.getDayOfMonth() % 10 == 1), midnights("0 0 */10 * *"));
        assertEquals(midnightsWhere(d -> d.getDayOfMonth() == 1 && d.getMonthValue() % 3 == 1), midnights("0 0 1 */3 *"));
        assertEquals(midnightsWhere(d -> d.getDayOfMonth() >= 1 && d.getDayOfMonth() <= 5 && d.getMonthValue() == 6
                || d.getDayOfMonth() == 20 && d.getMonthValue() == 6), midnights("0 0 1-5,20 6 *"));
    }

    @Test
    void six_field_cron_puts_seconds_first() {
        assertEquals(instants("2026-01-01T00:00:00Z", "2026-01-01T00:00:20Z", "2026-01-01T00:00:40Z", "2026-01-01T00:01:00Z"),
                Schedules.preview(cron("*/20 * * * * *"), FROM, 4));
        assertEquals(instants("2026-01-04T03:02:30Z", "2026-01-11T03:02:30Z"),
                Schedules.preview(cron("30 2 3 * * 0"), FROM, 2));
    }

    @Test
    void six_field_cron_also_matches_either_day_field() {
        assertEquals(midnightsWhere(d -> d.getDayOfMonth() == 13 || d.getDayOfWeek() == DayOfWeek.FRIDAY),
                midnights("0 0 0 13 * 5"));
    }

    @Test
    void macros_expand_to_their_unix_meaning() {
        Instant from = utc("2026-01-01T00:00:00Z"); // a Thursday
        assertEquals(instants("2026-01-01T01:00:00Z", "2026-01-01T02:00:00Z"), Schedules.preview(cron("@hourly"), from, 2));
        assertEquals(instants("2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z"), Schedules.preview(cron("@daily"), from, 2));
        assertEquals(instants("2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z"), Schedules.preview(cron("@midnight"), from, 2));
        assertEquals(instants("2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z"), Schedules.preview(cron("@weekly"), from, 2));
        assertEquals(instants("2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"), Schedules.preview(cron("@monthly"), from, 2));
        assertEquals(instants("2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z"), Schedules.preview(cron("@yearly"), from, 2));
        assertEquals(instants("2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z"), Schedules.preview(cron("@annually"), from, 2));
    }

    @Test
    void macros_keep_the_expression_as_written() {
        assertEquals("@daily", cron("  @daily ").expression());
        assertEquals("0 0 13 * 5", cron("0 0 13 * 5").expression());
    }

    @Test
    void next_is_strictly_after_the_given_instant() {
        Schedule daily = cron("0 0 * * *");
        assertEquals(utc("2026-01-02T00:00:00Z"), daily.next(utc("2026-01-01T00:00:00Z")).orElseThrow());
        assertEquals(utc("2026-01-01T00:00:00Z"), daily.next(utc("2025-12-31T23:59:59.999999999Z")).orElseThrow());
        assertEquals(utc("2026-01-02T00:00:00Z"), daily.next(utc("2026-01-01T00:00:00.000000001Z")).orElseThrow());
    }

    @Test
    void fire_instants_fall_on_whole_seconds() {
        for (Instant fire : Schedules.preview(cron("* * * * * *"), utc("2026-01-01T00:00:00.5Z"), 5)) {
            assertEquals(0, fire.getNano(), fire::toString);
        }
    }

    @Test
    void a_cron_in_utc_reports_utc_as_its_zone() {
        assertEquals(ZoneOffset.UTC, cron("0 0 * * *").zone());
        assertTrue(cron("0 0 * * *") instanceof CronSchedule);
    }
}
