package io.kairos.schedule;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the {@code iso8601} field into a {@link RepeatingIntervalSchedule}. */
final class RepeatingIntervalParsing {

    static final String FIELD = "iso8601";

    private static final int MAX_LENGTH = 200;
    private static final Pattern SHAPE = Pattern.compile("R(\\d*)/([^/]+)/([^/]+)");
    private static final Duration SHORTEST_PERIOD = Duration.ofSeconds(1);
    private static final String EXAMPLE = "R/2026-01-01T09:00:00Z/P1D";

    private RepeatingIntervalParsing() {
    }

    /**
     * Parses {@code R[n]/<start>/<period>}.
     *
     * @param timezone the spec's zone, or {@code null} when the spec gave none. When given, the
     *                 start's wall time is read in it and any offset on the start is ignored
     *                 (Chronos' rule); otherwise the start's offset applies, or UTC without one.
     * @throws InvalidScheduleException (field {@code iso8601}) for anything malformed
     */
    static RepeatingIntervalSchedule parse(String expression, ZoneId timezone) {
        String trimmed = expression.strip();
        if (trimmed.isEmpty()) {
            throw invalid("ISO-8601 schedule is empty; write R[n]/<start>/<period>, e.g. " + EXAMPLE + ".");
        }
        if (trimmed.length() > MAX_LENGTH) {
            throw invalid("ISO-8601 schedule is longer than " + MAX_LENGTH + " characters.");
        }
        Matcher shape = SHAPE.matcher(trimmed);
        if (!shape.matches()) {
            throw invalid("ISO-8601 schedule '" + trimmed + "' must look like R[n]/<start>/<period>, e.g. " + EXAMPLE + ".");
        }
        long repetitions = repetitions(shape.group(1));
        ZoneId zone;
        LocalDateTime startWall;
        String start = shape.group(2);
        try {
            OffsetDateTime withOffset = OffsetDateTime.parse(start);
            startWall = withOffset.toLocalDateTime();
            zone = timezone != null ? timezone : withOffset.getOffset();
        } catch (DateTimeParseException noOffset) {
            try {
                startWall = LocalDateTime.parse(start);
                zone = timezone != null ? timezone : ZoneOffset.UTC;
            } catch (DateTimeParseException e) {
                throw invalid("ISO-8601 start '" + start + "' is not a date-time like 2026-01-01T09:00:00Z or 2026-01-01T09:00:00.");
            }
        }
        String period = shape.group(3);
        int t = period.toUpperCase(Locale.ROOT).indexOf('T');
        Period calendarPart = calendarPart(period, t);
        Duration exactPart = exactPart(period, t);
        if (calendarPart.isZero() && exactPart.compareTo(SHORTEST_PERIOD) < 0) {
            throw invalid("ISO-8601 period '" + period + "' is shorter than one second; give a positive period like PT1H or P1D.");
        }
        return new RepeatingIntervalSchedule(trimmed, zone, startWall, calendarPart, exactPart, repetitions);
    }

    private static long repetitions(String digits) {
        if (digits.isEmpty()) {
            return RepeatingIntervalSchedule.FOREVER;
        }
        if (digits.length() > 18) {
            throw invalid("ISO-8601 repetition count R" + digits + " is too large; leave it out (bare R) to repeat forever.");
        }
        return Long.parseLong(digits);
    }

    /** Years, months, weeks and days: added on the wall clock. */
    private static Period calendarPart(String period, int t) {
        String text = t < 0 ? period : period.substring(0, t);
        if (text.equalsIgnoreCase("P") && t >= 0) {
            return Period.ZERO;
        }
        try {
            Period parsed = Period.parse(text);
            if (parsed.isNegative()) {
                throw negative(period);
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw malformed(period);
        }
    }

    /** Hours, minutes and seconds: added as exact elapsed time. */
    private static Duration exactPart(String period, int t) {
        if (t < 0) {
            return Duration.ZERO;
        }
        try {
            Duration parsed = Duration.parse("PT" + period.substring(t + 1));
            if (parsed.isNegative() || period.substring(t + 1).contains("-")) {
                throw negative(period);
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw malformed(period);
        }
    }

    private static InvalidScheduleException negative(String period) {
        return invalid("ISO-8601 period '" + period + "' has a negative part; periods must move forward.");
    }

    private static InvalidScheduleException malformed(String period) {
        return invalid("ISO-8601 period '" + period + "' is not a duration like PT1H, P1D, P1M or P1DT12H.");
    }

    private static InvalidScheduleException invalid(String message) {
        return new InvalidScheduleException(FIELD, message);
    }
}
