package io.kairos.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScheduleWordsTest {

    private static String words(String cron, String iso) {
        return ScheduleWords.describe(new ScheduleSpec(cron, iso, "UTC"));
    }

    @Test
    void a_cron_is_described_by_cron_utils_in_english_with_a_capital_letter() {
        assertEquals("At 02:00", words("0 2 * * *", null));
        assertEquals("Every 15 minutes", words("*/15 * * * *", null));
        assertEquals("At 06:30 every day between Monday and Friday", words("30 6 * * 1-5", null));
    }

    @Test
    void macros_and_day_names_are_described_as_the_schedule_reads_them() {
        assertEquals(words("0 0 * * *", null), words("@daily", null));
        assertEquals(words("0 9 * * 1-5", null), words("0 9 * * MON-FRI", null));
    }

    @Test
    void an_iso8601_interval_gets_its_period_start_and_repetitions_in_words() {
        assertEquals("Every 30 minutes from 2026-01-01 00:00:00Z", words(null, "R/2026-01-01T00:00:00Z/PT30M"));
        assertEquals("Every day from 2026-01-01 02:00:00, 5 times", words(null, "R5/2026-01-01T02:00:00/P1D"));
        assertEquals("Every 2 weeks from 2026-01-05 09:00:00Z", words(null, "R/2026-01-05T09:00:00Z/P2W"));
        assertEquals("Every 1 day 12 hours from 2026-01-01 00:00:00Z", words(null, "R/2026-01-01T00:00:00Z/P1DT12H"));
    }

    @Test
    void no_schedule_is_on_demand() {
        assertEquals("on demand", ScheduleWords.describe(null));
        assertEquals("on demand", words(null, null));
    }
}
