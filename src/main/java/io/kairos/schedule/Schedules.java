package io.kairos.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Entry point: validates what a user wrote and previews the fire instants it gives. */
public final class Schedules {

    /** Upper bound of {@link #preview}'s count: enough for a UI, small enough to stay cheap. */
    public static final int MAX_PREVIEW = 1000;

    private Schedules() {
    }

    /**
     * Parses and validates a spec. Pure and fast (well under a millisecond for a typical cron once
     * warm), so the firing path may re-parse stored specs.
     *
     * <p>The timezone is validated even for an on-demand spec. Only {@code null} means "not
     * given": an empty cron or iso8601 string is invalid.
     *
     * @return the schedule, or empty when the spec has neither cron nor iso8601 (on-demand job)
     * @throws InvalidScheduleException naming the field ({@code cron}, {@code iso8601} or
     *                                  {@code timezone}) with a sentence for the user
     */
    public static Optional<Schedule> parse(ScheduleSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.cron() != null && spec.iso8601() != null) {
            throw new InvalidScheduleException(CronParsing.FIELD, "Give either cron or iso8601, not both.");
        }
        ZoneId zone = TimeZones.parse(spec.timezone());
        boolean zoneGiven = spec.timezone() != null && !spec.timezone().isBlank();
        if (spec.cron() != null) {
            return Optional.of(CronParsing.parse(spec.cron(), zone));
        }
        if (spec.iso8601() != null) {
            return Optional.of(RepeatingIntervalParsing.parse(spec.iso8601(), zoneGiven ? zone : null));
        }
        return Optional.empty();
    }

    /**
     * The next {@code count} fire instants strictly after {@code from}, in increasing order;
     * fewer when the schedule runs out of slots.
     *
     * @param count 1..{@value #MAX_PREVIEW}
     * @throws IllegalArgumentException when count is out of range
     */
    public static List<Instant> preview(Schedule schedule, Instant from, int count) {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(from, "from");
        if (count < 1 || count > MAX_PREVIEW) {
            throw new IllegalArgumentException("count must be between 1 and " + MAX_PREVIEW + ", was " + count);
        }
        List<Instant> fires = new ArrayList<>(count);
        Instant cursor = from;
        while (fires.size() < count) {
            Optional<Instant> next = schedule.next(cursor);
            if (next.isEmpty()) {
                break;
            }
            cursor = next.get();
            fires.add(cursor);
        }
        return List.copyOf(fires);
    }

    /**
     * The fire instants in {@code [from, to]}, both ends included, in increasing order, at most
     * {@code max + 1} of them: a caller learns that the range holds more than {@code max} slots
     * without walking all of them (a backfill of years of a per-minute schedule).
     */
    public static List<Instant> between(Schedule schedule, Instant from, Instant to, int max) {
        Objects.requireNonNull(schedule, "schedule");
        List<Instant> fires = new ArrayList<>();
        Optional<Instant> next = schedule.next(from.minusNanos(1));
        while (next.isPresent() && !next.get().isAfter(to) && fires.size() <= max) {
            fires.add(next.get());
            next = schedule.next(next.get());
        }
        return List.copyOf(fires);
    }
}
