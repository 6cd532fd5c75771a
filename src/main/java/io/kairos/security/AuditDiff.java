package io.kairos.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;
import java.util.TreeSet;

/**
 * What an edit changed in a definition, for the audit log: the two JSON forms reduced to the fields that differ, each
 * as {@code {"from": before, "to": after}}, objects on both sides compared field by field under their own name
 * ({@code {"schedule": {"cron": {"from": .., "to": ..}}}}), arrays and values whole. A field absent and a field null
 * are the same (the definition fills defaults, so absent means nothing). Secrets never appear by value: the
 * {@code secrets} field is left out of the comparison and replaced by {@code {"secrets": {"NAME":
 * "added"|"changed"|"removed"}}}, from the names alone.
 */
public final class AuditDiff {

    /** The definition's field of secret names, which is compared as {@link Secrets}, never as JSON. */
    public static final String SECRETS = "secrets";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AuditDiff() {
    }

    /**
     * A job's secret names around an edit.
     *
     * @param before   the names stored before (none for a new job)
     * @param after    the names stored after (none for a deleted job)
     * @param revalued the names the edit gave a value: one already stored is "changed" (even to the same value, which
     *                 Kairos cannot know without opening it)
     */
    public record Secrets(Set<String> before, Set<String> after, Set<String> revalued) {

        public static final Secrets NONE = new Secrets(Set.of(), Set.of(), Set.of());

        public Secrets {
            before = Set.copyOf(before);
            after = Set.copyOf(after);
            revalued = Set.copyOf(revalued);
        }
    }

    /**
     * The changed fields between {@code before} and {@code after} (either null or JSON null: created, deleted), or
     * null when nothing changed.
     */
    public static ObjectNode of(JsonNode before, JsonNode after, Secrets secrets) {
        ObjectNode out = objects(withoutSecrets(before), withoutSecrets(after));
        ObjectNode s = secrets(secrets);
        if (!s.isEmpty()) {
            out.set(SECRETS, s);
        }
        return out.isEmpty() ? null : out;
    }

    private static ObjectNode objects(ObjectNode before, ObjectNode after) {
        ObjectNode out = NODES.objectNode();
        Set<String> names = new TreeSet<>();
        before.fieldNames().forEachRemaining(names::add);
        after.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode b = present(before.get(name));
            JsonNode a = present(after.get(name));
            if (b.isObject() && a.isObject()) {
                ObjectNode inner = objects((ObjectNode) b, (ObjectNode) a);
                if (!inner.isEmpty()) {
                    out.set(name, inner);
                }
            } else if (!b.equals(a)) {
                out.set(name, NODES.objectNode().<ObjectNode>set("from", b).set("to", a));
            }
        }
        return out;
    }

    private static ObjectNode secrets(Secrets s) {
        ObjectNode out = NODES.objectNode();
        Set<String> names = new TreeSet<>(s.before());
        names.addAll(s.after());
        for (String name : names) {
            boolean was = s.before().contains(name);
            boolean is = s.after().contains(name);
            if (!was) {
                out.put(name, "added");
            } else if (!is) {
                out.put(name, "removed");
            } else if (s.revalued().contains(name)) {
                out.put(name, "changed");
            }
        }
        return out;
    }

    private static ObjectNode withoutSecrets(JsonNode definition) {
        if (definition == null || definition.isNull()) {
            return NODES.objectNode();
        }
        if (!definition.isObject()) {
            throw new IllegalArgumentException("a definition is a JSON object, not " + definition.getNodeType());
        }
        ObjectNode copy = definition.deepCopy();
        copy.remove(SECRETS);
        return copy;
    }

    private static JsonNode present(JsonNode n) {
        return n == null ? NullNode.getInstance() : n;
    }
}
