package io.kairos.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A Chronos-style ISO-8601 repeating interval {@code R[n]/<start>/<period>}.
 *
 * <p>Slot {@code k} (from 0) fires at {@code start + k × period}, always computed from the start:
 * the calendar part (years, months, weeks, days) is added to the start's wall time in
 * {@link #zone()} (so {@code P1D} keeps 09:00 across daylight saving and {@code P1M} from
 * January 31 gives February 28/29, then March 31), then the time part (hours, minutes, seconds)
 * is added as an exact duration. A wall time in a gap shifts forward by the gap, one in an
 * overlap takes the earlier offset, as in {@link CronSchedule}. With {@code Rn} only slots
 * {@code 0..n-1} exist; bare {@code R} repeats forever.
 *
 * <p>Create through {@link Schedules#parse(ScheduleSpec)}.
 */
public final class RepeatingIntervalSchedule implements Schedule {

    /** {@link #repetitions} value for a bare {@code R}. */
    static final long FOREVER = -1;

    private final String expression;
    private final ZoneId zone;
    private final LocalDateTime startWall;
    private final Period calendarPart;
    private final Duration exactPart;
    private final long repetitions;

    RepeatingIntervalSchedule(String expression, ZoneId zone, LocalDateTime startWall,
                              Period calendarPart, Duration exactPart, long repetitions) {
        this.expression = Objects.requireNonNull(expression);
        this.zone = Objects.requireNonNull(zone);
        this.startWall = Objects.requireNonNull(startWall);
        this.calendarPart = Objects.requireNonNull(calendarPart);
        this.exactPart = Objects.requireNonNull(exactPart);
        this.repetitions = repetitions;
    }

    @Override
    public Optional<Instant> next(Instant after) {
        Objects.requireNonNull(after, "after");
        if (repetitions == 0) {
            return Optional.empty();
        }
        Optional<Long> k = calendarPart.isZero() ? firstExactSlotAfter(after) : firstSlotAfter(after);
        if (k.isEmpty() || repetitions != FOREVER && k.get() >= repetitions) {
            return Optional.empty();
        }
        return slot(k.get());
    }

    /** Exact periods: skip past slots by division, however many there are. */
    private Optional<Long> firstExactSlotAfter(Instant after) {
        Optional<Instant> start = slot(0);
        if (start.isEmpty() || start.get().isAfter(after)) {
            return start.map(s -> 0L);
        }
        long passed = Duration.between(start.get(), after).dividedBy(exactPart);
        return passed == Long.MAX_VALUE ? Optional.empty() : Optional.of(passed + 1);
    }

    /**
     * Calendar periods have no fixed length, but slots only grow with k: gallop to a slot past
     * {@code after}, then bisect. About 2·log2(k) slot computations.
     */
    private Optional<Long> firstSlotAfter(Instant after) {
        if (isAfter(0, after)) {
            return Optional.of(0L);
        }
        long notAfter = 0;
        long past = 1;
        while (!isAfter(past, after)) {
            notAfter = past;
            if (past > Long.MAX_VALUE / 2) {
                return Optional.empty();
            }
            past *= 2;
        }
        while (past - notAfter > 1) {
            long middle = notAfter + (past - notAfter) / 2;
            if (isAfter(middle, after)) {
                past = middle;
            } else {
                notAfter = middle;
            }
        }
        return slot(past).isPresent() ? Optional.of(past) : Optional.empty();
    }

    /** Whether slot k is after {@code after}; a slot beyond representable time counts as after. */
    private boolean isAfter(long k, Instant after) {
        return slot(k).map(s -> s.isAfter(after)).orElse(true);
    }

    /** Slot k's instant, or empty when it lies beyond what java.time can represent. */
    private Optional<Instant> slot(long k) {
        try {
            LocalDateTime wall = startWall
                    .plusMonths(Math.multiplyExact(calendarPart.toTotalMonths(), k))
                    .plusDays(Math.multiplyExact((long) calendarPart.getDays(), k));
            return Optional.of(ZonedDateTime.of(wall, zone).toInstant().plus(exactPart.multipliedBy(k)));
        } catch (DateTimeException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** The expression as written (trimmed), e.g. {@code R5/2026-01-01T09:00:00/P1D}. */
    @Override
    public String expression() {
        return expression;
    }

    /**
     * The zone calendar periods are added in: the spec's timezone when given, else the start's
     * own offset when it has one, else UTC.
     */
    @Override
    public ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return "RepeatingIntervalSchedule[" + expression + " in " + zone + "]";
    }
}
