package io.kairos.schedule;

/** TEMPORARY stand-in until the schedule branch lands. */
public class InvalidScheduleException extends RuntimeException {
    private final String field;
    public InvalidScheduleException(String field, String message) { super(message); this.field = field; }
    public String field() { return field; }
}
