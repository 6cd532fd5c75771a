package io.kairos.schedule;

import com.cronutils.descriptor.CronDescriptor;

import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A schedule in words for people ("every 15 minutes", "at 02:00"): cron-utils' descriptor for
 * cron, our own wording for ISO-8601 repeating intervals. For display only; never parsed back.
 */
public final class ScheduleWords {

    private static final Pattern ISO = Pattern.compile("R(\\d*)/([^/]+)/(P.+)", Pattern.CASE_INSENSITIVE);
    /** Jobs share a handful of expressions; the descriptor is not cheap. Bounded by clearing. */
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();
    private static final int CACHE_MAX = 10_000;

    private ScheduleWords() {
    }

    /** "on demand" for no schedule; the expression itself when it cannot be described. */
    public static String describe(ScheduleSpec spec) {
        if (spec == null || spec.cron() == null && spec.iso8601() == null) {
            return "on demand";
        }
        String key = spec.cron() != null ? "c" + spec.cron() : "i" + spec.iso8601();
        String words = CACHE.get(key);
        if (words == null) {
            words = spec.cron() != null ? cron(spec.cron()) : iso(spec.iso8601());
            if (CACHE.size() >= CACHE_MAX) {
                CACHE.clear();
            }
            CACHE.put(key, words);
        }
        return words;
    }

    static String cron(String expression) {
        try {
            String words = CronDescriptor.instance(Locale.UK).describe(CronParsing.cron(expression)).strip();
            return words.isEmpty() ? expression : Character.toUpperCase(words.charAt(0)) + words.substring(1);
        } catch (RuntimeException e) {
            return expression;
        }
    }

    static String iso(String expression) {
        Matcher m = ISO.matcher(expression.strip());
        if (!m.matches()) {
            return expression;
        }
        String period = m.group(3).toUpperCase(Locale.ROOT);
        int t = period.indexOf('T');
        List<String> parts = new ArrayList<>();
        try {
            Period calendar = t < 0 ? Period.parse(period) : t == 1 ? Period.ZERO : Period.parse(period.substring(0, t));
            Duration exact = t < 0 ? Duration.ZERO : Duration.parse("PT" + period.substring(t + 1));
            unit(parts, calendar.getYears(), "year");
            unit(parts, calendar.getMonths(), "month");
            unit(parts, calendar.getDays() % 7 == 0 && calendar.getDays() > 0 ? calendar.getDays() / 7 : 0, "week");
            unit(parts, calendar.getDays() % 7 == 0 ? 0 : calendar.getDays(), "day");
            unit(parts, (int) exact.toHours(), "hour");
            unit(parts, exact.toMinutesPart(), "minute");
            unit(parts, exact.toSecondsPart(), "second");
        } catch (RuntimeException e) {
            return expression;
        }
        String every = parts.size() == 1 && parts.get(0).startsWith("1 ") ? parts.get(0).substring(2) : String.join(" ", parts);
        String times = m.group(1).isEmpty() ? "" : m.group(1).equals("1") ? ", once" : ", " + m.group(1) + " times";
        return "Every " + every + " from " + m.group(2).replace('T', ' ') + times;
    }

    private static void unit(List<String> parts, int n, String unit) {
        if (n > 0) {
            parts.add(n + " " + unit + (n == 1 ? "" : "s"));
        }
    }
}
