package io.kairos.security;

import java.util.Set;

/**
 * Who sent a request, as far as Kairos decides what it may do: the token's name (the actor in the audit log), its
 * role, and the teams whose jobs it owns. Every check of what a caller may do is a method here, so that the API, the
 * compatibility APIs and the console ask the same question.
 */
public record Caller(String name, Role role, Set<String> teams) {

    /** Anyone, when authentication is off (a laptop start on loopback): may do everything. */
    public static final Caller OPEN = new Caller("anonymous", Role.ADMIN, Set.of());

    /** Kairos itself: schedules, timeouts, recovery; work no request asked for. */
    public static final Caller SYSTEM = new Caller("kairos", Role.ADMIN, Set.of());

    public Caller {
        teams = Set.copyOf(teams);
    }

    /** Create, change, delete a job owned by {@code owner} (null: no team owns it, so only an admin may). */
    public boolean mayEdit(String owner) {
        return role == Role.ADMIN || role == Role.DEVELOPER && owns(owner);
    }

    /** Run, kill, rerun, mark-success, backfill a run of a job owned by {@code owner}. */
    public boolean mayRun(String owner) {
        return role == Role.ADMIN || role == Role.OPERATOR || role == Role.DEVELOPER && owns(owner);
    }

    /** Drain, undrain and remove agents. */
    public boolean mayOperate() {
        return role == Role.ADMIN || role == Role.OPERATOR;
    }

    /** Read the audit log: who changed what is for the people who run Kairos, not for every reader of jobs. */
    public boolean mayReadAudit() {
        return role == Role.ADMIN || role == Role.OPERATOR;
    }

    /** Tokens, roles, quotas. */
    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    private boolean owns(String owner) {
        return owner != null && teams.contains(owner);
    }
}
