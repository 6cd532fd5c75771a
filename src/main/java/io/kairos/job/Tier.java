package io.kairos.job;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which resources a job's runs may use. {@code default}: what is free after every role's unmet quota is set aside; a
 * run, once started, is never taken away. {@code revocable}: also what is guaranteed to other roles but idle, given
 * back by preemption when its role needs it (the run is queued again, no retry used).
 */
public enum Tier {
    DEFAULT, REVOCABLE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static java.util.Optional<Tier> parse(String s) {
        for (Tier t : values()) {
            if (t.wire().equals(s)) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }
}
