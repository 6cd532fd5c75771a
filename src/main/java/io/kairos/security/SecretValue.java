package io.kairos.security;

import java.util.Objects;

/**
 * A secret's plain value, as it travels from the store to the task's environment. Its {@code toString} masks it, so a
 * record that holds one (a task spec, a launch message) can be logged without giving it away; only {@link #reveal()}
 * gives the value, and its few callers are the cipher, the launch and the output mask.
 */
public final class SecretValue {

    /** What a secret looks like in anything Kairos shows or logs. */
    public static final String MASK = "***";
    /** Values longer than this are refused: an environment variable, not a file. */
    public static final int MAX_CHARS = 4096;

    private final String value;

    public SecretValue(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretValue s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
