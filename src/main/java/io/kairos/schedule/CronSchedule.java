package io.kairos.schedule;

import com.cronutils.model.time.ExecutionTime;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.DateTimeException;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Objects;
import java.util.Optional;

/**
 * A cron expression read on the wall clock of {@link #zone()}.
 *
 * <p>Matching happens on local date-times; each match becomes an instant through
 * {@link ZonedDateTime#of(LocalDateTime, ZoneId)}. So a wall time inside a spring-forward gap
 * fires shifted forward by the gap's length (02:30 in a 02:00→03:00 gap fires at 03:30), and a
 * wall time inside a fall-back overlap fires once, at the earlier offset.
 *
 * <p>Create through {@link Schedules#parse(ScheduleSpec)}.
 */
public final class CronSchedule implements Schedule {

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime executionTime;

    CronSchedule(String expression, ZoneId zone, ExecutionTime executionTime) {
        this.expression = Objects.requireNonNull(expression);
        this.zone = Objects.requireNonNull(zone);
        this.executionTime = Objects.requireNonNull(executionTime);
    }

    /**
     * The earliest instant strictly after {@code after} whose wall time in {@link #zone()} matches.
     *
     * <p>Mapping wall times to instants is not monotonic across a gap (02:15 in a gap maps to
     * 03:15, later than the 03:00 that follows it on the wall), so this returns the smallest
     * mapped instant, not the first one met, and never one instant twice.
     */
    @Override
    public Optional<Instant> next(Instant after) {
        Objects.requireNonNull(after, "after");
        LocalDateTime wall = earliestCandidateWall(after);
        Instant best = null;
        LocalDateTime bestWall = null;
        while (true) {
            Optional<LocalDateTime> match = nextMatch(wall);
            // The guard against a match that does not advance keeps a library bug from hanging the firing loop.
            if (match.isEmpty() || !match.get().isAfter(wall)) {
                return Optional.ofNullable(best);
            }
            wall = match.get();
            if (bestWall != null && !wall.isBefore(bestWall)) {
                // Wall times from here on map to instants at or after `best`.
                return Optional.of(best);
            }
            ZonedDateTime fire = ZonedDateTime.of(wall, zone);
            Instant instant = fire.toInstant();
            if (instant.isAfter(after) && (best == null || instant.isBefore(best))) {
                best = instant;
                bestWall = fire.toLocalDateTime();
                if (bestWall.equals(wall)) {
                    // Not in a gap, so no later wall time maps earlier: done without another search.
                    return Optional.of(best);
                }
            }
        }
    }

    /** The first matching wall time strictly after {@code wall}. */
    private Optional<LocalDateTime> nextMatch(LocalDateTime wall) {
        // cron-utils searches a UTC clock, which has no transitions: pure calendar arithmetic,
        // out of reach of its own daylight-saving handling.
        try {
            return executionTime.nextExecution(wall.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toLocalDateTime);
        } catch (DateTimeException | ArithmeticException e) {
            return Optional.empty(); // past the end of representable time: no more slots
        }
    }

    /**
     * The latest wall time that cannot map to an instant after {@code after}: {@code after}'s own
     * wall time, unless {@code after} is less than a gap's length past a spring-forward, where
     * the gap's wall times (shifted forward) land after it although they read earlier. Future
     * transitions need nothing: a fall-back's repeated wall times map to the earlier offset, so
     * they never land after {@code after} while reading before it.
     */
    private LocalDateTime earliestCandidateWall(Instant after) {
        ZoneRules rules = zone.getRules();
        ZoneOffset offset = rules.getOffset(after);
        ZoneOffsetTransition previous = rules.previousTransition(after.plusSeconds(1));
        if (previous != null && previous.isGap()
                && !previous.getInstant().isAfter(after)
                && after.isBefore(previous.getInstant().plus(previous.getDuration()))) {
            offset = previous.getOffsetBefore();
        }
        return LocalDateTime.ofEpochSecond(after.getEpochSecond(), 0, offset);
    }

    /** The expression as written (trimmed), e.g. {@code @daily} or {@code 0 0 13 * 5}. */
    @Override
    public String expression() {
        return expression;
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return "CronSchedule[" + expression + " in " + zone + "]";
    }
}
