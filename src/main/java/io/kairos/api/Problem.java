package io.kairos.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** RFC 9457 problem details, with the bad fields listed under {@code errors}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(description = "RFC 9457 problem details (application/problem+json); errors lists each bad field by JSON pointer.")
public record Problem(String type, String title, int status, String detail, List<FieldError> errors, String message,
                      String msg) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem(String type, String title, int status, String detail, List<FieldError> errors) {
        this(type, title, status, detail, errors, null, null);
    }

    /** The same problem with Marathon's {@code message} beside {@code detail}, which Marathon's clients and tools read. */
    public Problem forMarathon() {
        return new Problem(type, title, status, detail, errors, detail, null);
    }

    /** The same problem with Livy's {@code msg} beside {@code detail}: Livy answers every refusal {@code {"msg": "..."}}. */
    public Problem forLivy() {
        return new Problem(type, title, status, detail, errors, null, detail);
    }

    /**
     * The problem as the API a path belongs to words it: Marathon's {@code message} on {@code /v2/}, Livy's {@code msg}
     * on {@code /batches}; Kairos' own paths and the others get plain RFC 9457.
     */
    public Problem forPath(String path) {
        return path == null ? this : switch (ApiFamily.of(path)) {
            case MARATHON -> forMarathon();
            case LIVY -> forLivy();
            default -> this;
        };
    }
}
