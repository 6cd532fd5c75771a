package io.kairos.api;

import java.util.List;

/**
 * A request Kairos refuses, said in the domain's words: what {@link Kind} of refusal it is, why, and which
 * fields. Domain code throws the factories below and knows no HTTP status; {@link ProblemMapper} is the one
 * place a kind becomes a status and an {@code application/problem+json} answer.
 */
public class ApiException extends RuntimeException {

    /** Why a request is refused. */
    public enum Kind {
        /** Fields with values Kairos does not accept; each is named. */
        INVALID,
        /** The request cannot be read at all (not an object, a header that is not what its grammar says). */
        MALFORMED,
        /** Bad input as the compatibility APIs (Chronos, Livy) report it: they answer every refusal of input alike. */
        BAD_REQUEST,
        /** What the request names does not exist. */
        NOT_FOUND,
        /** The request contradicts the current state (a name taken, a run already ended, a concurrent change). */
        CONFLICT,
        /** The request was made against a version that is no longer the current one. */
        STALE,
        /** The request does not say who sends it (no token, or one Kairos does not know). */
        UNAUTHENTICATED,
        /** The caller is known but may not do this. */
        FORBIDDEN
    }

    private final Kind kind;
    private final List<FieldError> errors;

    private ApiException(Kind kind, String detail, List<FieldError> errors) {
        super(detail);
        this.kind = kind;
        this.errors = List.copyOf(errors);
    }

    public static ApiException invalid(List<FieldError> errors) {
        return new ApiException(Kind.INVALID, join(errors, "invalid input"), errors);
    }

    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    /** Bad input naming each bad field, as the compatibility APIs report it, like the APIs they stand in for. */
    public static ApiException badRequest(List<FieldError> errors) {
        return new ApiException(Kind.BAD_REQUEST, join(errors, "bad request"), errors);
    }

    /** Bad input no single field owns, as the compatibility APIs report it. */
    public static ApiException badRequest(String detail) {
        return new ApiException(Kind.BAD_REQUEST, detail, List.of());
    }

    public static ApiException malformed(String field, String message) {
        return new ApiException(Kind.MALFORMED, field + ": " + message, List.of(new FieldError(field, message)));
    }

    public static ApiException notFound(String detail) {
        return new ApiException(Kind.NOT_FOUND, detail, List.of());
    }

    public static ApiException conflict(String detail) {
        return new ApiException(Kind.CONFLICT, detail, List.of());
    }

    /** A conflict a field of the request is the cause of. */
    public static ApiException conflict(String detail, List<FieldError> errors) {
        return new ApiException(Kind.CONFLICT, detail, errors);
    }

    /** The request was conditional on a version (If-Match) that is no longer the current one. */
    public static ApiException stale(String detail) {
        return new ApiException(Kind.STALE, detail, List.of());
    }

    public static ApiException unauthenticated(String detail) {
        return new ApiException(Kind.UNAUTHENTICATED, detail, List.of());
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(Kind.FORBIDDEN, detail, List.of());
    }

    /** Not allowed because of what a field says (a job's owner that is not one of the caller's teams). */
    public static ApiException forbidden(String detail, List<FieldError> errors) {
        return new ApiException(Kind.FORBIDDEN, detail, errors);
    }

    private static String join(List<FieldError> errors, String none) {
        return errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse(none);
    }

    public Kind kind() {
        return kind;
    }

    /** Refused input (invalid, malformed or a compatibility API's bad request), as opposed to a refused state. */
    public boolean isBadInput() {
        return kind == Kind.INVALID || kind == Kind.MALFORMED || kind == Kind.BAD_REQUEST;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
