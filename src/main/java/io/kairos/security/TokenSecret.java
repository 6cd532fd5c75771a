package io.kairos.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A bearer token's secret and how it is stored. Secrets Kairos makes are 256 random bits, so one SHA-256 is enough to
 * keep them from anyone who reads the table: there is no dictionary to try, which is what slow password hashes
 * (bcrypt, argon2) are for. A token an admin chose ({@code KAIROS_ADMIN_TOKEN}) must be at least 16 characters.
 */
public final class TokenSecret {

    public static final int MIN_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecret() {
    }

    public static String generate() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return "kairos_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Constant time: how long the comparison takes tells nothing about how much of the secret was right. */
    public static boolean same(String shown, String expected) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), shown.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
