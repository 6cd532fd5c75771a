package io.kairos.security;

import java.util.Locale;

/**
 * What a token may do. {@link #VIEWER} reads; {@link #DEVELOPER} creates, changes, runs and kills the jobs its teams
 * own; {@link #OPERATOR} runs, kills and drains anything but edits nothing; {@link #ADMIN} does everything, including
 * tokens, roles and quotas.
 */
public enum Role {
    VIEWER, DEVELOPER, OPERATOR, ADMIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the allowed values */
    public static Role parse(String text) {
        for (Role r : values()) {
            if (r.wire().equals(text)) {
                return r;
            }
        }
        throw new IllegalArgumentException("must be one of viewer, developer, operator, admin");
    }
}
