package io.kairos.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads fields of a JSON request one by one, collecting every problem with the JSON pointer of its
 * field, so a client learns of all its mistakes at once and nothing half-valid is stored. Binding
 * by hand (not Jackson's data binding) is what lets each message name its field.
 */
public final class JsonFields {

    /** PostgreSQL refuses NUL in text and jsonb: no string Kairos accepts may hold one. */
    public static final String NUL_MESSAGE = "must not contain the NUL character (\\u0000)";

    private final List<FieldError> errors = new ArrayList<>();

    public static boolean hasNul(String s) {
        return s != null && s.indexOf('\0') >= 0;
    }

    /**
     * Every string value and field name under {@code node} that holds a NUL, as errors at its JSON pointer
     * ({@code path} being the pointer of {@code node} itself, "" for a whole body). Checking a body once, whole,
     * catches what the field-by-field reading below would miss (map values, keys, fields read by hand).
     */
    public static List<FieldError> nulErrors(JsonNode node, String path) {
        List<FieldError> out = new ArrayList<>();
        collectNul(node, path, out);
        return out;
    }

    private static void collectNul(JsonNode node, String path, List<FieldError> out) {
        if (node == null) {
            return;
        }
        if (node.isTextual() && hasNul(node.asText())) {
            out.add(new FieldError(path.isEmpty() ? "/" : path, NUL_MESSAGE));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectNul(node.get(i), path + "/" + i, out);
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (hasNul(e.getKey())) {
                    out.add(new FieldError(path + "/" + e.getKey(), "a field name " + NUL_MESSAGE));
                } else {
                    collectNul(e.getValue(), path + "/" + e.getKey(), out);
                }
            });
        }
    }

    /** Reports every NUL under {@code node} (see {@link #nulErrors}). */
    public void rejectNul(JsonNode node, String path) {
        nulErrors(node, path).forEach(e -> error(e.field(), e.message()));
    }

    /** Reports every field of {@code node} not in {@code known} (nor in {@code ignored}). */
    public void rejectUnknown(JsonNode node, String path, Set<String> known, Set<String> ignored) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f) && !ignored.contains(f)) {
                error(path + "/" + f, "unknown field");
            }
        }
    }

    /** @throws ApiException invalid, when any error was collected */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    public List<String> stringList(JsonNode n, String path) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            error(path, "must be an array of strings");
            return null;
        }
        if (n.size() > 1000) {
            error(path, "has " + n.size() + " items; at most 1000 are allowed");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual()) {
                error(path + "/" + i, "must be a string");
            } else if (hasNul(n.get(i).asText())) {
                error(path + "/" + i, NUL_MESSAGE);
            } else {
                out.add(n.get(i).asText());
            }
        }
        return out;
    }

    public String text(JsonNode parent, String path, int max, boolean nullable) {
        return text(parent, path, max, nullable, path.substring(path.lastIndexOf('/') + 1));
    }

    public String text(JsonNode parent, String path, int max, boolean nullable, String key) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            error(path, "must be a string, not " + describe(n.getNodeType()));
            return null;
        }
        if (n.asText().length() > max) {
            error(path, "is longer than " + max + " characters");
            return null;
        }
        if (hasNul(n.asText())) {
            // reported, and read on: a check further on must not call a field with a NUL "missing"
            error(path, NUL_MESSAGE);
        }
        return n.asText();
    }

    public boolean bool(JsonNode parent, String path, boolean dflt) {
        return bool(parent, path, dflt, path.substring(path.lastIndexOf('/') + 1));
    }

    public boolean bool(JsonNode parent, String path, boolean dflt, String key) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            error(path, "must be true or false");
            return dflt;
        }
        return n.asBoolean();
    }

    public Integer integer(JsonNode parent, String path, int min, int max) {
        return integer(parent, path, min, max, path.substring(path.lastIndexOf('/') + 1));
    }

    public Integer integer(JsonNode parent, String path, int min, int max, String key) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            error(path, "must be a whole number");
            return null;
        }
        if (n.asInt() < min || n.asInt() > max) {
            error(path, "must be between " + min + " and " + max);
            return null;
        }
        return n.asInt();
    }

    private static String describe(JsonNodeType t) {
        return switch (t) {
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> t.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** A number between {@code min} and {@code max}, or null when absent. */
    public Double number(JsonNode parent, String path, double min, double max) {
        JsonNode n = parent.get(path.substring(path.lastIndexOf('/') + 1));
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            error(path, "must be a number");
            return null;
        }
        if (n.asDouble() < min || n.asDouble() > max) {
            error(path, "must be between " + min + " and " + max);
            return null;
        }
        return n.asDouble();
    }

    /** A whole number between {@code min} and {@code max}, or null when absent. */
    public Long whole(JsonNode parent, String path, long min, long max) {
        JsonNode n = parent.get(path.substring(path.lastIndexOf('/') + 1));
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            error(path, "must be a whole number");
            return null;
        }
        if (n.asLong() < min || n.asLong() > max) {
            error(path, "must be between " + min + " and " + max);
            return null;
        }
        return n.asLong();
    }

    /** Collects one error; the same error found twice (a whole-body check and a field's own) is kept once. */
    public void error(String field, String message) {
        FieldError e = new FieldError(field, message);
        if (!errors.contains(e)) {
            errors.add(e);
        }
    }

    /** Sets {@code pointer} (of object keys only, like {@code /resources/cpus}) in {@code doc}, making the objects on the way. */
    public static void putAt(com.fasterxml.jackson.databind.node.ObjectNode doc, String pointer, JsonNode value) {
        String[] parts = pointer.substring(1).split("/");
        com.fasterxml.jackson.databind.node.ObjectNode at = doc;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = at.get(parts[i]);
            at = next instanceof com.fasterxml.jackson.databind.node.ObjectNode o ? o : at.putObject(parts[i]);
        }
        at.set(parts[parts.length - 1], value);
    }
}
