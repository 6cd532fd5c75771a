package io.kairos.security;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * AES-256-GCM from the JDK. Each value gets a fresh 96-bit nonce (stored in front of the ciphertext), so two equal
 * values never look equal in the database. The associated data binds a sealed value to its job and name: a row
 * copied onto another job's secret fails to open instead of leaking into that job's tasks.
 */
public final class SecretCipher {

    private static final String ALGORITHM = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    public static final int KEY_BYTES = 32;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a secret key is " + KEY_BYTES + " bytes (AES-256), not " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** @param context what the value belongs to (job id and secret name), checked again by {@link #open} */
    public byte[] seal(SecretValue value, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance(ALGORITHM);
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(value.reveal().getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** @throws WrongSecretKeyException when the value was sealed with another key (or for another context) */
    public SecretValue open(byte[] sealed, String context) {
        if (sealed.length <= NONCE_BYTES) {
            throw new WrongSecretKeyException("a stored secret is truncated");
        }
        try {
            Cipher c = Cipher.getInstance(ALGORITHM);
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plain = c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
            return new SecretValue(new String(plain, StandardCharsets.UTF_8));
        } catch (AEADBadTagException e) {
            throw new WrongSecretKeyException("a stored secret cannot be decrypted with this key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }
}
