package io.kairos.cluster;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What this process is ({@code kairos.role}, env {@code KAIROS_ROLE}). Read once: {@link KairosMain} refuses an unknown
 * value before anything starts, and beans take it as this enum ({@code @ConfigProperty(name = "kairos.role")}), converted
 * by {@link ProcessRoleConverter} with the same {@link #parse}.
 */
public enum ProcessRole {
    /** scheduler and one in-process agent, with an embedded PostgreSQL unless one is configured */
    STANDALONE,
    /** REST API, console, firing, allocator and frameworks; no agent of its own */
    SCHEDULER,
    /** runs tasks for a scheduler; no database */
    AGENT;

    /** Whether this process schedules: it has the database, the API, firing and the allocation loop. */
    public boolean schedules() {
        return this != AGENT;
    }

    /** Whether this process runs tasks itself. */
    public boolean runsTasks() {
        return this != SCHEDULER;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the valid roles, for anything else (a typo must not start a scheduler) */
    public static ProcessRole parse(String value) {
        for (ProcessRole r : values()) {
            if (r.id().equals(value == null ? null : value.strip().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("kairos.role (KAIROS_ROLE) is '" + value + "'; it must be one of "
                + Arrays.stream(values()).map(ProcessRole::id).collect(Collectors.joining(", ")));
    }
}
