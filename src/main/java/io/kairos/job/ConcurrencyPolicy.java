package io.kairos.job;

/** What a new run of a job does while another run of it is still going. Run-now requests always run. */
public enum ConcurrencyPolicy {
    /** both run */
    ALLOW,
    /** the new run is SKIPPED, the reason naming the run still going */
    FORBID,
    /** the run still going is killed, the new one starts */
    REPLACE
}
