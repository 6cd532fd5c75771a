package io.kairos.task;

import java.util.Objects;

/**
 * How a task ended.
 *
 * @param exitCode the process exit code for {@link Kind#EXITED}, null otherwise
 * @param message  why, for {@link Kind#KILLED}, {@link Kind#FAILED_TO_START} and {@link Kind#NOT_LAUNCHED}; optional
 *                 detail for EXITED
 */
public record TaskOutcome(Kind kind, Integer exitCode, String message) {

    /**
     * {@code FAILED_TO_START}: the task could not start for a reason of its own (no such image, no such executable),
     * a failure of the job. {@code NOT_LAUNCHED}: the agent could not give the task what it offered (a host port
     * another program holds), a fault of the agent: nothing ran, and the run is queued again as for a lost task.
     */
    public enum Kind { EXITED, KILLED, FAILED_TO_START, NOT_LAUNCHED }

    public TaskOutcome {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.EXITED) != (exitCode != null)) {
            throw new IllegalArgumentException("exitCode is set exactly for EXITED, got " + kind + " " + exitCode);
        }
    }

    public static TaskOutcome exited(int exitCode) {
        return new TaskOutcome(Kind.EXITED, exitCode, null);
    }

    public static TaskOutcome killed(String message) {
        return new TaskOutcome(Kind.KILLED, null, message);
    }

    public static TaskOutcome failedToStart(String message) {
        return new TaskOutcome(Kind.FAILED_TO_START, null, message);
    }

    public static TaskOutcome notLaunched(String message) {
        return new TaskOutcome(Kind.NOT_LAUNCHED, null, message);
    }
}
