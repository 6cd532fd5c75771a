package io.kairos.run;

/** Why Kairos stopped a run: it decides how the run ends. */
public enum KillCause {
    /** a user (or a deleted job): the run ends KILLED */
    USER,
    /** the attempt ran past timeoutSeconds: TIMED_OUT, or retried if the policy allows */
    TIMEOUT,
    /** a newer run of a REPLACE job: KILLED */
    REPLACED
}
