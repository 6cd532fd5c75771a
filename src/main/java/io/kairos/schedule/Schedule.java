package io.kairos.schedule;

/** TEMPORARY stand-in until the schedule branch lands. */
public interface Schedule {
    java.util.Optional<java.time.Instant> next(java.time.Instant after);
    java.time.ZoneId zone();
}
