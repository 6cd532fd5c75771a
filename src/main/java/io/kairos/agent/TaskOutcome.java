package io.kairos.agent;
public record TaskOutcome(Kind kind, Integer exitCode, String message) {
    public enum Kind { EXITED, KILLED, FAILED_TO_START }
    public static TaskOutcome exited(int code) { return new TaskOutcome(Kind.EXITED, code, null); }
    public static TaskOutcome killed(String m) { return new TaskOutcome(Kind.KILLED, null, m); }
    public static TaskOutcome failedToStart(String m) { return new TaskOutcome(Kind.FAILED_TO_START, null, m); }
}
