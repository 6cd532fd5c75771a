package io.kairos.schedule;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code timezone} field of a {@link ScheduleSpec}. */
final class TimeZones {

    static final String FIELD = "timezone";

    /** Names that mean UTC without being region ids; accepted because users write them. */
    private static final Set<String> UTC_NAMES = Set.of("Z", "UTC", "GMT", "UT");

    /** No region id is this long; the cap keeps error messages readable. */
    private static final int MAX_LENGTH = 64;

    private static final Pattern FIXED_OFFSET = Pattern.compile("(?i)(UTC|GMT|UT)?[+-].*");

    private TimeZones() {
    }

    /**
     * The zone named by {@code id}: {@code null} or blank is UTC; otherwise an IANA region id
     * such as {@code Europe/Berlin}, or one of Z, UTC, GMT.
     *
     * @throws InvalidScheduleException (field {@code timezone}) for unknown ids, fixed offsets and
     *                                  three-letter abbreviations such as EST
     */
    static ZoneId parse(String id) {
        if (id == null || id.isBlank()) {
            return ZoneOffset.UTC;
        }
        String trimmed = id.strip();
        if (trimmed.length() > MAX_LENGTH) {
            throw invalid("Time zone is too long to be a region id; use one like Europe/Berlin.");
        }
        if (UTC_NAMES.contains(trimmed.toUpperCase(Locale.ROOT))) {
            return ZoneOffset.UTC;
        }
        // EST, PST, CST...: java.time maps them to a guessed region or a fixed offset, but they
        // are ambiguous (CST is China and Central US) and some ignore daylight saving.
        if (ZoneId.SHORT_IDS.containsKey(trimmed.toUpperCase(Locale.ROOT))) {
            throw invalid("Time zone '" + trimmed + "' is an ambiguous abbreviation; use a region id like America/New_York.");
        }
        // Offsets (+02:00, GMT+2) are not regions: they would silently ignore daylight saving.
        if (FIXED_OFFSET.matcher(trimmed).matches()) {
            throw invalid("Time zone '" + trimmed + "' is a fixed offset; use a region id like Europe/Berlin, or UTC.");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(trimmed);
        } catch (DateTimeException e) {
            throw invalid("Time zone '" + trimmed + "' is not a known IANA region id such as Europe/Berlin or America/New_York.");
        }
        return zone;
    }

    private static InvalidScheduleException invalid(String message) {
        return new InvalidScheduleException(FIELD, message);
    }
}
