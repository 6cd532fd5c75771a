package io.kairos.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** RFC 9457 problem details, with the bad fields listed under {@code errors}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(description = "RFC 9457 problem details (application/problem+json); errors lists each bad field by JSON pointer.")
public record Problem(String type, String title, int status, String detail, List<FieldError> errors, String message) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem(String type, String title, int status, String detail, List<FieldError> errors) {
        this(type, title, status, detail, errors, null);
    }

    /** The same problem with Marathon's {@code message} beside {@code detail}, which Marathon's clients and tools read. */
    public Problem forMarathon() {
        return new Problem(type, title, status, detail, errors, detail);
    }
}
