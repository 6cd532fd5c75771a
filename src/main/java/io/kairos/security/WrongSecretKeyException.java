package io.kairos.security;

/** A stored secret does not open with the key this process has: another scheduler's key, or a changed one. */
public final class WrongSecretKeyException extends RuntimeException {
    public WrongSecretKeyException(String message) {
        super(message);
    }
}
