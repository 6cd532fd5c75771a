package io.kairos.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One bad input field: {@code field} is a JSON pointer into the request ("/schedule/cron"). */
@Schema(description = "One bad field: its JSON pointer and what is wrong with it.")
public record FieldError(String field, String message) {
}
