package io.kairos.api;

/** One bad input field: {@code field} is a JSON pointer into the request ("/schedule/cron"). */
public record FieldError(String field, String message) {
}
