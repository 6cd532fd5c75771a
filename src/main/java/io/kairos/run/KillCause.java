package io.kairos.run;

/** Why Kairos stopped a run: it decides how the run ends. */
public enum KillCause {
    /** a user (or a deleted job): the run ends KILLED */
    USER,
    /** the attempt ran past timeoutSeconds: TIMED_OUT, or retried if the policy allows */
    TIMEOUT,
    /** a newer run of a REPLACE job: KILLED */
    REPLACED,
    /**
     * a revocable run's resources are wanted back by the role they are guaranteed to: the attempt ends PREEMPTED and
     * the run is queued again, counting against no retry limit
     */
    PREEMPTED
}
