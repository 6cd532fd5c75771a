package io.kairos.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Chronos accepted and a strict reading would refuse, made into what it meant, before the job is translated
 * ({@link ChronosJobJson}): numbers and booleans written as strings (the Chronos docs' own Docker example has
 * {@code "cpus": "0.5"}), {@code async} (accepted and ignored, with a warning), fields Chronos ignored (ignored, with a
 * warning), the short zone names Chronos' time library took ({@code PST}), and an empty start ({@code R//PT10M}: now).
 * Pure: the time is given.
 */
final class ChronosLeniency {

    private static final Set<String> NUMBERS = Set.of("cpus", "mem", "disk", "gpus", "retries");
    private static final Set<String> BOOLEANS = Set.of("shell", "disabled", "concurrent", "softError", "async");
    private static final Pattern EMPTY_START = Pattern.compile("^(R\\d*)//(.+)$");

    private ChronosLeniency() {
    }

    /** A copy of {@code in} as Chronos read it; what it accepted without acting on is added to {@code warnings}. */
    static JsonNode normalise(JsonNode in, Instant now, List<String> warnings) {
        if (in == null || !in.isObject()) {
            return in;
        }
        ObjectNode out = ((ObjectNode) in).deepCopy();
        for (String f : new ArrayList<>(iterable(out))) {
            if (!ChronosJobJson.known(f)) {
                out.remove(f);
                warnings.add(f + " is not a Chronos field Kairos knows: ignored, as Chronos ignores unknown fields");
            }
        }
        NUMBERS.forEach(f -> number(out, f));
        BOOLEANS.forEach(f -> bool(out, f));
        if (out.get("container") instanceof ObjectNode c) {
            bool(c, "forcePullImage");
        }
        if (out.path("async").asBoolean(false)) {
            warnings.add("async is accepted and ignored: a run ends when its command exits (Chronos' async jobs reported"
                    + " their end themselves)");
        }
        out.remove("async");
        JsonNode tz = out.get("scheduleTimeZone");
        if (tz != null && tz.isTextual() && !tz.asText().isBlank()) {
            String zone = tz.asText().strip();
            if (!isZone(zone) && ZoneId.SHORT_IDS.containsKey(zone)) {
                out.put("scheduleTimeZone", ZoneId.SHORT_IDS.get(zone));
            }
        }
        JsonNode schedule = out.get("schedule");
        if (schedule != null && schedule.isTextual()) {
            Matcher m = EMPTY_START.matcher(schedule.asText().strip());
            if (m.matches()) {
                out.put("schedule", m.group(1) + "/" + now.truncatedTo(ChronoUnit.SECONDS) + "/" + m.group(2));
            }
        }
        return out;
    }

    private static List<String> iterable(ObjectNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void number(ObjectNode o, String f) {
        JsonNode v = o.get(f);
        if (v != null && v.isTextual()) {
            try {
                BigDecimal n = new BigDecimal(v.asText().strip());
                if (n.scale() <= 0) {
                    o.put(f, n.longValueExact());
                } else {
                    o.put(f, n.doubleValue());
                }
            } catch (NumberFormatException | ArithmeticException e) {
                // left as it is: the translation names the field
            }
        }
    }

    private static void bool(ObjectNode o, String f) {
        JsonNode v = o.get(f);
        if (v != null && v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
            o.put(f, Boolean.parseBoolean(v.asText().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    private static boolean isZone(String zone) {
        try {
            ZoneId.of(zone);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }
}
