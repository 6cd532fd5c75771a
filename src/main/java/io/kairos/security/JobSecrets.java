package io.kairos.security;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A job's {@code secrets} as the API reads them, and their names as it shows them (always just the names).
 * <ul>
 * <li>{@code secrets} absent: {@link #KEEP}, the stored ones stay as they are;</li>
 * <li>{@code ["A", "B"]} (what GET shows): these names keep their stored values, a stored name not listed goes;</li>
 * <li>{@code {"A": "value", "B": null}}: A gets a new value, B is removed, the rest stay.</li>
 * </ul>
 * {@code values}' {@link SecretValue}s print masked, so this record can be logged.
 */
public record JobSecrets(Kind kind, Set<String> names, Map<String, SecretValue> values, Set<String> removed) {

    public enum Kind { KEEP, NAMES, PATCH }

    public static final JobSecrets KEEP = new JobSecrets(Kind.KEEP, Set.of(), Map.of(), Set.of());

    public JobSecrets {
        names = Set.copyOf(new TreeSet<>(names));
        values = Map.copyOf(values);
        removed = Set.copyOf(removed);
    }

    /** The stored form and GET's: names only. */
    @JsonCreator
    public static JobSecrets named(List<String> names) {
        return new JobSecrets(Kind.NAMES, names == null ? Set.of() : Set.copyOf(names), Map.of(), Set.of());
    }

    @JsonValue
    public List<String> shown() {
        return List.copyOf(new TreeSet<>(names));
    }

    /** The names a job has after this edit is applied to the {@code stored} ones. */
    public Set<String> after(Set<String> stored) {
        Set<String> out = new TreeSet<>();
        switch (kind) {
            case KEEP -> out.addAll(stored);
            case NAMES -> out.addAll(names);
            case PATCH -> {
                out.addAll(stored);
                out.addAll(values.keySet());
                out.removeAll(removed);
            }
        }
        return out;
    }
}
