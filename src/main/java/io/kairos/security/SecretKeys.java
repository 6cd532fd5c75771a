package io.kairos.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Where the secret key comes from: {@code kairos.secret-key} (base64 of 32 bytes) when set, else a key generated once
 * into {@code <data dir>/secret.key}, readable by its owner only (as the embedded database's password is). Several
 * schedulers on one database must be given the same key; the generated file only suits a single one.
 */
public final class SecretKeys {

    private SecretKeys() {
    }

    public static byte[] resolve(Optional<String> configured, Path dataDir) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return decode(configured.get().trim());
        }
        return readOrCreate(dataDir.resolve("secret.key"));
    }

    static byte[] decode(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("kairos.secret-key (KAIROS_SECRET_KEY) is not base64: " + e.getMessage());
        }
        if (key.length != SecretCipher.KEY_BYTES) {
            throw new IllegalStateException("kairos.secret-key (KAIROS_SECRET_KEY) must be base64 of " + SecretCipher.KEY_BYTES
                    + " bytes, it has " + key.length + " (make one with: head -c 32 /dev/urandom | base64)");
        }
        return key;
    }

    static byte[] readOrCreate(Path file) {
        try {
            return decode(OwnerOnlyFile.readOrCreate(file, () -> {
                byte[] key = new byte[SecretCipher.KEY_BYTES];
                new SecureRandom().nextBytes(key);
                return Base64.getEncoder().encodeToString(key);
            }));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret key " + file, e);
        }
    }
}
