package io.kairos.api;

import java.util.List;

/**
 * A request Kairos refuses, turned into {@code application/problem+json} by {@link ProblemMapper}.
 * Domain code throws the factories below; resources never build responses for errors themselves.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<FieldError> errors;

    public ApiException(int status, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ApiException invalid(List<FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse("invalid input");
        return new ApiException(422, "Invalid input", detail, errors);
    }

    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    /** A 400 naming each bad field: the compatibility APIs answer bad input so, as the APIs they stand in for do. */
    public static ApiException badRequest(List<FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse("bad request");
        return new ApiException(400, "Bad Request", detail, errors);
    }

    public static ApiException malformed(String field, String message) {
        return new ApiException(400, "Malformed request", field + ": " + message, List.of(new FieldError(field, message)));
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not found", detail, List.of());
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "Conflict", detail, List.of());
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
