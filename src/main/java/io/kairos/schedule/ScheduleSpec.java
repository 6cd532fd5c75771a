package io.kairos.schedule;

/** TEMPORARY stand-in until the schedule branch lands. */
public record ScheduleSpec(String cron, String iso8601, String timezone) {}
