package io.kairos.schedule;

/**
 * A schedule as a user wrote it, before validation.
 *
 * <p>At most one of {@code cron} and {@code iso8601} is given; neither means the job runs on
 * demand only. {@code null} means "not given"; an empty string is given and invalid.
 *
 * @param cron     5-field Unix cron ({@code min hour dom month dow}), 6-field cron with seconds
 *                 first, or a macro such as {@code @daily}
 * @param iso8601  a repeating interval {@code R[n]/<start>/<period>}, as in Chronos
 * @param timezone an IANA region id such as {@code Europe/Berlin}, or {@code UTC}; {@code null}
 *                 or blank means UTC
 */
public record ScheduleSpec(String cron, String iso8601, String timezone) {
}
