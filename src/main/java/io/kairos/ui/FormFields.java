package io.kairos.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.api.ApiException;
import io.kairos.api.FieldError;
import io.kairos.api.JsonFields;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Between form inputs named by JSON pointer and the JSON the API reads: values out of a JSON
 * document into inputs, inputs into a JSON document, and API errors onto the inputs they name.
 * No validation here: the API's own parser decides, so the console refuses exactly what the API does.
 */
final class FormFields {

    /**
     * Refuses a form any of whose fields holds a NUL character (PostgreSQL refuses it in text), naming each
     * such field, for a form whose values are not read through the API's JSON checks (those report it themselves).
     *
     * @throws ApiException invalid
     */
    static void refuseNul(Map<String, List<String>> form) {
        List<FieldError> errors = new ArrayList<>();
        form.forEach((name, values) -> {
            if (JsonFields.hasNul(name) || values.stream().anyMatch(JsonFields::hasNul)) {
                errors.add(new FieldError(name, JsonFields.NUL_MESSAGE));
            }
        });
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    private static final Pattern WHOLE = Pattern.compile("-?\\d{1,18}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private FormFields() {
    }

    /** Each field with its value read from {@code doc} (a missing or null node reads as empty). */
    static List<FormField> fill(List<FormField> fields, JsonNode doc, ObjectMapper json) {
        return fields.stream().map(f -> f.with(text(f, doc.at(f.name()), json), null)).toList();
    }

    /** Each field with the value the user sent, so a refused form comes back as it was typed. */
    static List<FormField> fill(List<FormField> fields, Function<String, String> sent) {
        return fields.stream().map(f -> f.with(f.kind() == FormField.Kind.CHECK
                ? String.valueOf(sent.apply(f.name()) != null) : sent.apply(f.name()), null)).toList();
    }

    /**
     * Puts each error on the field whose pointer is the error's or its nearest ancestor; the errors
     * no field owns are returned in {@code unplaced}.
     */
    static List<FormField> withErrors(List<FormField> fields, List<FieldError> errors, List<String> unplaced) {
        Map<String, List<String>> byField = new LinkedHashMap<>();
        for (FieldError e : errors) {
            FormField owner = null;
            for (FormField f : fields) {
                if ((e.field().equals(f.name()) || e.field().startsWith(f.name() + "/"))
                        && (owner == null || f.name().length() > owner.name().length())) {
                    owner = f;
                }
            }
            String message = owner == null || e.field().equals(owner.name()) ? e.message() : e.field().substring(owner.name().length() + 1) + ": " + e.message();
            if (owner == null) {
                unplaced.add(e.field() + ": " + e.message());
            } else {
                byField.computeIfAbsent(owner.name(), k -> new ArrayList<>()).add(message);
            }
        }
        return fields.stream().map(f -> byField.containsKey(f.name()) ? f.with(f.value(), String.join("; ", byField.get(f.name()))) : f)
                .toList();
    }

    /**
     * The JSON document the inputs describe. An empty input is left out (the API's default
     * applies); a value that is not of its field's type is sent as text for the API to refuse.
     */
    static ObjectNode toJson(List<FormField> fields, Function<String, String> sent) {
        ObjectNode doc = NODES.objectNode();
        for (FormField f : fields) {
            String raw = sent.apply(f.name());
            JsonNode value = f.kind() == FormField.Kind.CHECK ? NODES.booleanNode(raw != null) : value(f, raw == null ? "" : raw.strip());
            if (value != null) {
                io.kairos.api.JsonFields.putAt(doc, f.name(), value);
            }
        }
        return doc;
    }

    private static JsonNode value(FormField f, String raw) {
        if (raw.isEmpty()) {
            return null;
        }
        return switch (f.kind()) {
            case INTEGER -> WHOLE.matcher(raw).matches() ? NODES.numberNode(Long.parseLong(raw)) : NODES.textNode(raw);
            case DECIMAL -> {
                try {
                    yield NODES.numberNode(new BigDecimal(raw));
                } catch (NumberFormatException e) {
                    yield NODES.textNode(raw);
                }
            }
            case LINES -> {
                ArrayNode a = NODES.arrayNode();
                raw.lines().filter(l -> !l.isBlank()).forEach(a::add);
                yield a;
            }
            case NAMES -> {
                ArrayNode a = NODES.arrayNode();
                for (String n : raw.split("[,\\s]+")) {
                    if (!n.isBlank()) {
                        a.add(n.strip());
                    }
                }
                yield a;
            }
            case KEY_VALUES -> {
                ObjectNode o = NODES.objectNode();
                raw.lines().filter(l -> !l.isBlank()).forEach(l -> {
                    int eq = l.indexOf('=');
                    o.put(eq < 0 ? l.strip() : l.substring(0, eq).strip(), eq < 0 ? "" : l.substring(eq + 1));
                });
                yield o;
            }
            case JSON -> {
                try {
                    yield PLAIN.readTree(raw);
                } catch (java.io.IOException e) {
                    // the API names the field; the text shows what the parser saw
                    yield NODES.textNode(raw);
                }
            }
            default -> NODES.textNode(raw);
        };
    }

    private static String text(FormField f, JsonNode n, ObjectMapper json) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return f.kind() == FormField.Kind.CHECK ? "false" : "";
        }
        return switch (f.kind()) {
            case LINES -> join(n, "\n");
            case NAMES -> join(n, ", ");
            case KEY_VALUES -> {
                StringBuilder b = new StringBuilder();
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    b.append(e.getKey()).append('=').append(e.getValue().asText()).append('\n');
                }
                yield b.toString();
            }
            case JSON -> {
                if (n.isContainerNode() && n.isEmpty()) {
                    yield "";
                }
                try {
                    yield json.writerWithDefaultPrettyPrinter().writeValueAsString(n);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            default -> n.isValueNode() ? n.asText() : n.toString();
        };
    }

    private static String join(JsonNode array, String separator) {
        List<String> items = new ArrayList<>();
        array.forEach(i -> items.add(i.asText()));
        return String.join(separator, items);
    }
}
