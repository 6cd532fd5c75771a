package io.kairos.schedule;

import java.util.Objects;

/**
 * Bad schedule input, told in words a user can act on.
 *
 * <p>{@link #field()} names the offending field of {@link ScheduleSpec}: {@code "cron"},
 * {@code "iso8601"} or {@code "timezone"} (the REST layer prefixes it with {@code /schedule/}).
 * {@link #getMessage()} is one clear sentence.
 */
public class InvalidScheduleException extends RuntimeException {

    private final String field;

    public InvalidScheduleException(String field, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.field = Objects.requireNonNull(field, "field");
    }

    /** One of {@code "cron"}, {@code "iso8601"}, {@code "timezone"}. */
    public String field() {
        return field;
    }

    /** The same sentence as {@link #getMessage()}, in the record-style naming the API uses. */
    public String message() {
        return getMessage();
    }
}
