package io.kairos.schedule;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class CronValidationTest {

    private static InvalidScheduleException rejected(String cron) {
        return assertThrows(InvalidScheduleException.class,
                () -> Schedules.parse(new ScheduleSpec(cron, null, null)), () -> "accepted: " + cron);
    }

    @Test
    void impossible_dates_are_rejected_because_they_never_fire() {
        for (String cron : List.of("0 0 31 2 *", "0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 0 31 2 *", "0 0 30,31 2 *")) {
            InvalidScheduleException e = rejected(cron);
            assertEquals("cron", e.field());
            assertTrue(e.getMessage().contains("never fires"), e.getMessage());
        }
    }

    @Test
    void february_29_and_day_31_in_some_months_are_possible() {
        for (String cron : List.of("0 0 29 2 *", "0 0 31 1-2 *", "0 0 31 2 5", "0 0 L 2 *")) {
            assertTrue(Schedules.parse(new ScheduleSpec(cron, null, null)).isPresent(), cron);
        }
    }

    @Test
    void wrong_field_counts_are_rejected_with_the_count_named() {
        assertTrue(rejected("* * * *").getMessage().contains("4 fields"));
        assertTrue(rejected("* * * * * * *").getMessage().contains("7 fields"));
    }

    @Test
    void out_of_range_values_are_rejected() {
        for (String cron : List.of("60 * * * *", "* 24 * * *", "* * 0 * *", "* * 32 * *", "* * * 0 *", "* * * 13 *",
                "* * * * 8", "60 * * * * *", "-1 * * * *")) {
            assertEquals("cron", rejected(cron).field(), cron);
        }
    }

    @Test
    void garbage_is_rejected_as_a_cron_error_never_another_exception() {
        for (String cron : List.of("", "   ", "a b c d e", "hello", "@reboot", "@fortnightly", "@", "0 0 5L * *",
                "0 0 * * 5L", "1-2-3 * * * *", "*/0 * * * *", "0 0 * * 5-0", "99999999999 * * * *",
                "\u0663 * * * *", "* * * * * ?x", "%$# * * * *", ", * * * *", "0 0 ? ? ?", "0 0 * * * * * * * * *",
                "*".repeat(10_000), "1 ".repeat(5_000))) {
            InvalidScheduleException e = rejected(cron);
            assertEquals("cron", e.field());
            assertFalse(e.getMessage().isBlank());
            assertTrue(e.getMessage().length() < 400, "message stays readable: " + e.getMessage().length());
        }
    }

    @Test
    void random_cron_like_input_either_parses_and_fires_or_is_a_cron_error() {
        Random random = new Random(42); // fixed seed: a failure reproduces
        // Tokens a user might plausibly type, valid and not, so both outcomes are reached.
        List<String> tokens = List.of("*", "0", "5", "23", "*/5", "1-5", "1,15", "L", "?", "MON", "sun-sat", "JAN",
                "60", "7", "31", "2", "x", "-", "5-1", "*/0", "#", "5L", "L-3", "LW", "1/2", "**", "@daily", "");
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        int parsed = 0;
        for (int i = 0; i < 3000; i++) {
            StringBuilder s = new StringBuilder();
            int fields = 4 + random.nextInt(4);
            for (int f = 0; f < fields; f++) {
                s.append(tokens.get(random.nextInt(tokens.size()))).append(' ');
            }
            String cron = s.toString();
            try {
                Schedule schedule = Schedules.parse(new ScheduleSpec(cron, null, null)).orElseThrow();
                assertTrue(schedule.next(from).isPresent(), cron);
                parsed++;
            } catch (InvalidScheduleException e) {
                assertEquals("cron", e.field());
            } catch (RuntimeException e) {
                fail("'" + cron + "' threw " + e);
            }
        }
        assertTrue(parsed > 0, "the generator reaches valid crons too");
    }

    @Test
    void parsing_a_typical_cron_takes_well_under_a_millisecond() {
        List<String> crons = List.of("*/5 * * * *", "0 3 * * 1-5", "0 0 13 * 5", "@daily", "30 0 9 * * MON", "0 0 L * *");
        for (int i = 0; i < 2000; i++) { // warm-up: the firing path runs hot
            Schedules.parse(new ScheduleSpec(crons.get(i % crons.size()), null, "Europe/Berlin"));
        }
        int rounds = 3000;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            Schedules.parse(new ScheduleSpec(crons.get(i % crons.size()), null, "Europe/Berlin"));
        }
        double microsEach = (System.nanoTime() - start) / 1000.0 / rounds;
        // Typically tens of microseconds; the bound leaves room for a loaded CI machine.
        assertTrue(microsEach < 1000, "parse took " + microsEach + " µs on average");
    }
}
