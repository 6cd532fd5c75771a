package io.kairos.schedule;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeZonesTest {

    private static ZoneId zoneOf(String timezone) {
        return Schedules.parse(new ScheduleSpec("0 0 * * *", null, timezone)).orElseThrow().zone();
    }

    private static InvalidScheduleException rejected(String timezone) {
        return assertThrows(InvalidScheduleException.class,
                () -> Schedules.parse(new ScheduleSpec("0 0 * * *", null, timezone)), () -> "accepted: " + timezone);
    }

    @Test
    void missing_or_blank_timezone_means_utc() {
        assertEquals(ZoneOffset.UTC, zoneOf(null));
        assertEquals(ZoneOffset.UTC, zoneOf(""));
        assertEquals(ZoneOffset.UTC, zoneOf("  "));
    }

    @Test
    void z_utc_and_gmt_mean_utc() {
        for (String utc : List.of("Z", "UTC", "GMT", "utc")) {
            assertEquals(ZoneOffset.UTC, zoneOf(utc), utc);
        }
    }

    @Test
    void iana_region_ids_are_accepted() {
        assertEquals(ZoneId.of("Europe/Berlin"), zoneOf("Europe/Berlin"));
        assertEquals(ZoneId.of("America/New_York"), zoneOf(" America/New_York "));
        assertEquals(ZoneId.of("Etc/UTC"), zoneOf("Etc/UTC"));
    }

    @Test
    void unknown_region_is_rejected_naming_the_timezone_field() {
        InvalidScheduleException e = rejected("Mars/Olympus");
        assertEquals("timezone", e.field());
        assertTrue(e.getMessage().contains("Mars/Olympus"), e.getMessage());
    }

    @Test
    void three_letter_abbreviations_are_rejected_as_ambiguous() {
        for (String abbreviation : List.of("EST", "PST", "CST", "IST", "est")) {
            InvalidScheduleException e = rejected(abbreviation);
            assertEquals("timezone", e.field());
            assertTrue(e.getMessage().contains("ambiguous"), e.getMessage());
        }
    }

    @Test
    void fixed_offsets_and_garbage_are_rejected() {
        for (String timezone : List.of("+02:00", "-5", "GMT+2", "UTC+01:00", "europe/berlin", "Europe/", "../etc", "x".repeat(500))) {
            assertEquals("timezone", rejected(timezone).field(), timezone);
        }
    }

    @Test
    void timezone_is_checked_even_for_an_on_demand_job() {
        assertEquals("timezone", assertThrows(InvalidScheduleException.class,
                () -> Schedules.parse(new ScheduleSpec(null, null, "Mars/Olympus"))).field());
    }
}
