package io.kairos.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/** Small builders the schedule tests share; each test still owns its data. */
final class Fixtures {

    private Fixtures() {
    }

    static Schedule cron(String cron, String timezone) {
        return Schedules.parse(new ScheduleSpec(cron, null, timezone)).orElseThrow();
    }

    static Schedule cron(String cron) {
        return cron(cron, null);
    }

    static Schedule iso(String iso8601, String timezone) {
        return Schedules.parse(new ScheduleSpec(null, iso8601, timezone)).orElseThrow();
    }

    static Instant utc(String isoInstant) {
        return Instant.parse(isoInstant);
    }

    /** The instant a wall time has in a zone, with java.time's gap and overlap rules. */
    static Instant wall(String localDateTime, String zone) {
        return ZonedDateTime.of(LocalDateTime.parse(localDateTime), ZoneId.of(zone)).toInstant();
    }

    static List<Instant> instants(String... isoInstants) {
        List<Instant> result = new ArrayList<>();
        for (String s : isoInstants) {
            result.add(Instant.parse(s));
        }
        return result;
    }

    /** Walks next() from {@code from} up to and including {@code until}. */
    static List<Instant> walk(Schedule schedule, Instant from, Instant until) {
        List<Instant> fires = new ArrayList<>();
        Instant cursor = from;
        while (true) {
            var next = schedule.next(cursor);
            if (next.isEmpty() || next.get().isAfter(until)) {
                return fires;
            }
            cursor = next.get();
            fires.add(cursor);
        }
    }
}
