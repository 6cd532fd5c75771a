package io.kairos.schedule;

/** What happens to slots missed while no scheduler was firing (downtime, a sweep that fell behind). */
public enum CatchUp {
    /** run the newest missed slot once, skip the others (the default) */
    LATEST,
    /** run every missed slot still within the starting deadline */
    ALL,
    /** skip every missed slot */
    NONE
}
