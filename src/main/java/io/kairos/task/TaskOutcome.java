package io.kairos.task;

import java.util.Objects;

/**
 * How a task ended.
 *
 * @param exitCode the process exit code for {@link Kind#EXITED}, null otherwise
 * @param message  why, for {@link Kind#KILLED} and {@link Kind#FAILED_TO_START}; optional detail for EXITED
 */
public record TaskOutcome(Kind kind, Integer exitCode, String message) {

    public enum Kind { EXITED, KILLED, FAILED_TO_START }

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
}
