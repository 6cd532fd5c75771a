package io.kairos.schedule;

/** TEMPORARY stand-in until the schedule branch lands. */
public final class Schedules {
    public static java.util.Optional<Schedule> parse(ScheduleSpec spec) { throw new UnsupportedOperationException(); }
    public static java.util.List<java.time.Instant> preview(Schedule s, java.time.Instant from, int count) { throw new UnsupportedOperationException(); }
}
