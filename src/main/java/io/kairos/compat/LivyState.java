package io.kairos.compat;

import io.kairos.run.RunState;

/** Livy's batch states for a Kairos run's state. Pure. */
final class LivyState {

    private LivyState() {
    }

    /**
     * {@code PENDING} (queued, or waiting out a retry's backoff) is {@code not_started}; {@code STAGING}, the task sent to
     * an agent, {@code starting}; {@code RUNNING} {@code running}; {@code SUCCEEDED} {@code success}; {@code KILLED}
     * {@code killed}; a run that failed, timed out or was skipped never to run is {@code dead}.
     */
    static String of(RunState state) {
        return switch (state) {
            case PENDING -> "not_started";
            case STAGING -> "starting";
            case RUNNING -> "running";
            case SUCCEEDED -> "success";
            case KILLED -> "killed";
            case FAILED, TIMED_OUT, SKIPPED -> "dead";
        };
    }
}
