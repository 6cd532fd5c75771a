package io.kairos.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the {@code cron} field into a {@link CronSchedule}: Unix syntax is normalised here, then
 * cron-utils parses, validates and (inside {@link CronSchedule}) matches.
 *
 * <p>cron-utils quirks handled here, each pinned by a test in {@code CronMatchingTest} or {@code CronValidationTest}:
 * <ul>
 *   <li>its definitions reject {@code @hourly}-style macros unless enabled, and its UNIX one
 *       rejects {@code L} and {@code ?}: we build our own definitions and expand macros ourselves;</li>
 *   <li>a definition that supports {@code ?} switches day matching from Unix OR
 *       ({@code 0 0 13 * 5} = every 13th and every Friday) to AND (Friday the 13th only), so we
 *       never enable it and rewrite a {@code ?} day field to {@code *} instead;</li>
 *   <li>it numbers day names from Monday=1 to Sunday=7, so {@code SUN-SAT} becomes the invalid
 *       range 7-6: we rewrite day names to Unix numbers (SUN=0, or 7 as a range's end);</li>
 *   <li>it reads non-ASCII digits such as {@code ٣} as numbers: we accept ASCII only;</li>
 *   <li>it accepts {@code 5L} as "last day of month": we allow {@code L} in day-of-month only
 *       alone or as {@code L-n}.</li>
 * </ul>
 */
final class CronParsing {

    static final String FIELD = "cron";

    /** Well past any real cron; stops pathological input from reaching the parser. */
    private static final int MAX_LENGTH = 200;

    private static final Map<String, String> MACROS = Map.of(
            "@hourly", "0 * * * *",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@weekly", "0 0 * * 0",
            "@monthly", "0 0 1 * *",
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *");

    private static final CronParser FIVE_FIELDS = new CronParser(definition(false));
    private static final CronParser SIX_FIELDS = new CronParser(definition(true));

    /** cron-utils reads digits with Integer.parseInt, which also takes non-ASCII digits such as '٣'. */
    private static final Pattern CRON_CHARACTERS = Pattern.compile("[A-Za-z0-9*/,?#@ \\t-]+");
    private static final Pattern DAY_NAME = Pattern.compile("(?i)\\b(SUN|MON|TUE|WED|THU|FRI|SAT)\\b");
    private static final Pattern SUNDAY_AS_RANGE_END = Pattern.compile("(?i)-SUN\\b");
    private static final Pattern L_IN_DAY_OF_MONTH = Pattern.compile("(?i)L(-\\d{1,2})?");

    /**
     * Searching from a leap year's first day, every satisfiable cron fires within a year (a Feb 29
     * cron fires on 2000-02-29); eight years leaves room and stays clear of 2100, no leap year.
     */
    private static final ZonedDateTime FEASIBILITY_FROM = LocalDateTime.of(2000, 1, 1, 0, 0).atZone(ZoneOffset.UTC);
    private static final ZonedDateTime FEASIBILITY_UNTIL = FEASIBILITY_FROM.plusYears(8);

    private CronParsing() {
    }

    /**
     * Parses and validates a cron expression read in {@code zone}.
     *
     * @throws InvalidScheduleException (field {@code cron}) for any malformed, out-of-range or
     *                                  never-firing expression; no other exception escapes
     */
    static CronSchedule parse(String expression, ZoneId zone) {
        String trimmed = expression.strip();
        if (trimmed.isEmpty()) {
            throw invalid("Cron expression is empty; write 5 fields (minute hour day-of-month month day-of-week), e.g. '0 3 * * *'.");
        }
        if (trimmed.length() > MAX_LENGTH) {
            throw invalid("Cron expression is longer than " + MAX_LENGTH + " characters.");
        }
        if (!CRON_CHARACTERS.matcher(trimmed).matches()) {
            throw invalid("Cron expression '" + trimmed + "' contains characters cron does not use; write ASCII digits, names like MON or JAN, and * / , - ? L.");
        }
        String normalised = normalise(trimmed);
        ExecutionTime executionTime = executionTime(trimmed, normalised);
        requireFires(trimmed, executionTime);
        return new CronSchedule(trimmed, zone, executionTime);
    }

    static String normalise(String expression) {
        if (expression.startsWith("@")) {
            String expanded = MACROS.get(expression.toLowerCase(Locale.ROOT));
            if (expanded == null) {
                throw invalid("Cron macro '" + expression + "' is not supported; use one of @hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually.");
            }
            return expanded;
        }
        String[] fields = expression.split("\\s+");
        if (fields.length != 5 && fields.length != 6) {
            throw invalid("Cron expression has " + fields.length + " fields; write 5 (minute hour day-of-month month day-of-week) or 6 with seconds first.");
        }
        int dayOfMonth = fields.length - 3;
        int dayOfWeek = fields.length - 1;
        // Quartz users write '?' for "no constraint"; in Unix cron '*' says the same.
        for (int i : new int[] {dayOfMonth, dayOfWeek}) {
            if (fields[i].equals("?")) {
                fields[i] = "*";
            }
        }
        if (fields[dayOfMonth].toUpperCase(Locale.ROOT).contains("L") && !L_IN_DAY_OF_MONTH.matcher(fields[dayOfMonth]).matches()) {
            throw invalid("Cron day-of-month '" + fields[dayOfMonth] + "' is not supported; 'L' (last day of the month) must stand alone or as L-n.");
        }
        String dow = SUNDAY_AS_RANGE_END.matcher(fields[dayOfWeek]).replaceAll("-7");
        fields[dayOfWeek] = DAY_NAME.matcher(dow).replaceAll(m -> unixDayNumber(m.group(1)));
        return String.join(" ", fields);
    }

    private static String unixDayNumber(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "SUN" -> "0";
            case "MON" -> "1";
            case "TUE" -> "2";
            case "WED" -> "3";
            case "THU" -> "4";
            case "FRI" -> "5";
            default -> "6";
        };
    }

    /** The parsed form of an expression {@link #parse} accepted (normalised), for describing it in words. */
    static Cron cron(String expression) {
        String normalised = normalise(expression.strip());
        return (normalised.split(" ").length == 6 ? SIX_FIELDS : FIVE_FIELDS).parse(normalised);
    }

    private static ExecutionTime executionTime(String original, String normalised) {
        CronParser parser = normalised.split(" ").length == 6 ? SIX_FIELDS : FIVE_FIELDS;
        try {
            Cron cron = parser.parse(normalised).validate();
            return ExecutionTime.forCron(cron);
        } catch (RuntimeException e) {
            // cron-utils reports everything as IllegalArgumentException, but odd input has also
            // produced NumberFormatException and index errors: none may escape as a 500.
            throw invalid("Cron expression '" + original + "' is invalid: " + describe(e) + ".");
        }
    }

    private static void requireFires(String original, ExecutionTime executionTime) {
        Optional<ZonedDateTime> first;
        try {
            first = executionTime.nextExecution(FEASIBILITY_FROM);
        } catch (RuntimeException e) {
            throw invalid("Cron expression '" + original + "' is invalid: " + describe(e) + ".");
        }
        if (first.isEmpty() || first.get().isAfter(FEASIBILITY_UNTIL)) {
            throw invalid("Cron expression '" + original + "' never fires: no month has the day it asks for (e.g. February 31).");
        }
    }

    /** cron-utils' message without its boilerplate and the expression it repeats. */
    private static String describe(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = message.replaceFirst("^Failed to parse '[^']*'\\. ", "")
                .replaceFirst("^Failed to parse cron expression\\. ", "")
                .strip();
        if (message.endsWith(".") || message.endsWith("!")) {
            message = message.substring(0, message.length() - 1);
        }
        return message;
    }

    /**
     * Unix cron (Vixie): Sunday is 0 or 7, days match when day-of-month OR day-of-week matches.
     * {@code supportsQuestionMark()} is deliberately absent: see the class comment.
     */
    private static CronDefinition definition(boolean withSeconds) {
        CronDefinitionBuilder builder = CronDefinitionBuilder.defineCron();
        if (withSeconds) {
            builder = builder.withSeconds().withValidRange(0, 59).withStrictRange().and();
        }
        return builder
                .withMinutes().withValidRange(0, 59).withStrictRange().and()
                .withHours().withValidRange(0, 23).withStrictRange().and()
                .withDayOfMonth().withValidRange(1, 31).supportsL().withStrictRange().and()
                .withMonth().withValidRange(1, 12).withStrictRange().and()
                .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0).withStrictRange().and()
                .instance();
    }

    private static InvalidScheduleException invalid(String message) {
        return new InvalidScheduleException(FIELD, message);
    }
}
