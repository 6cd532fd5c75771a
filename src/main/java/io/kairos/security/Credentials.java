package io.kairos.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The secret a request carries in its {@code Authorization} header: {@code Bearer <token>}, or HTTP basic auth with
 * the token as the password (what Chronos', Marathon's and Livy's clients send; the user name is ignored, and a token
 * given as the user name with an empty password is taken too, as some clients can only fill one field).
 */
public final class Credentials {

    private Credentials() {
    }

    public static Optional<String> secret(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Optional.empty();
        }
        String h = authorization.strip();
        int space = h.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = h.substring(0, space).toLowerCase(Locale.ROOT);
        String value = h.substring(space + 1).strip();
        if (scheme.equals("bearer")) {
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        }
        if (!scheme.equals("basic")) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        String password = colon < 0 ? "" : decoded.substring(colon + 1);
        String secret = password.isEmpty() ? user : password;
        return secret.isEmpty() ? Optional.empty() : Optional.of(secret);
    }
}
