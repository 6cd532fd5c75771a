package io.kairos.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.api.JsonFields;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Binds the values a run is given to the parameters its job declares, collecting every problem
 * under {@code /params/<name>}. Pure. Bound values are typed as the parameters: a whole number
 * ({@link Long}) for an int, a string for the others; a parameter neither given nor defaulted is
 * left out.
 */
public final class ParamBinding {

    static final int MAX_VALUE = 4096;
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private ParamBinding() {
    }

    /**
     * @param given an object of values, or null/absent for none
     * @return the bound values, declared order; errors go to {@code fields}
     */
    public static Map<String, Object> bind(List<JobParameter> declared, JsonNode given, JsonFields fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (given != null && !given.isNull() && !given.isObject()) {
            fields.error("/params", "must be an object of parameter values, like {\"date\": \"2024-01-31\"}");
            return out;
        }
        if (given != null && given.isObject()) {
            given.fieldNames().forEachRemaining(n -> {
                if (declared.stream().noneMatch(p -> p.name().equals(n))) {
                    fields.error("/params/" + n, "is not a parameter of this job");
                }
            });
        }
        for (JobParameter p : declared) {
            JsonNode v = given == null ? null : given.get(p.name());
            String path = "/params/" + p.name();
            if (v == null || v.isNull()) {
                if (p.defaultValue() != null) {
                    out.put(p.name(), p.defaultValue() instanceof Number n ? (Object) n.longValue() : p.defaultValue());
                } else if (p.required()) {
                    fields.error(path, "is required");
                }
                continue;
            }
            Object value = value(p, v, path, fields);
            if (value != null) {
                out.put(p.name(), value);
            }
        }
        return out;
    }

    /** The values of a run nobody gave any to (scheduled, dependency, backfill): the defaults. */
    public static Map<String, Object> defaults(List<JobParameter> declared) {
        JsonFields ignored = new JsonFields();
        return bind(declared, null, ignored);
    }

    /** A value checked against its parameter's type; null (with an error) when it does not fit. */
    static Object value(JobParameter p, JsonNode v, String path, JsonFields fields) {
        if (p.type() == JobParameter.Type.INT) {
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                fields.error(path, "must be a whole number");
                return null;
            }
            return v.asLong();
        }
        if (!v.isTextual()) {
            fields.error(path, "must be a string");
            return null;
        }
        String s = v.asText();
        if (JsonFields.hasNul(s)) {
            fields.error(path, JsonFields.NUL_MESSAGE);
            return null;
        }
        if (s.length() > MAX_VALUE) {
            fields.error(path, "is longer than " + MAX_VALUE + " characters");
            return null;
        }
        switch (p.type()) {
            case DATE -> {
                if (!DATE.matcher(s).matches() || !isDate(s)) {
                    fields.error(path, "must be a date as yyyy-MM-dd, not '" + s + "'");
                    return null;
                }
            }
            case ENUM -> {
                if (p.values() == null || !p.values().contains(s)) {
                    fields.error(path, "must be one of " + p.values() + ", not '" + s + "'");
                    return null;
                }
            }
            default -> {
            }
        }
        return s;
    }

    private static boolean isDate(String s) {
        try {
            LocalDate.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
