package io.kairos.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretCoreTest {

    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    @Test
    void a_sealed_value_opens_with_its_key_and_context_only() {
        SecretCipher cipher = new SecretCipher(key(1));
        byte[] sealed = cipher.seal(new SecretValue("hunter2"), "7/DB_PASSWORD");
        assertEquals("hunter2", cipher.open(sealed, "7/DB_PASSWORD").reveal());
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("hunter2"));
        assertThrows(WrongSecretKeyException.class, () -> new SecretCipher(key(2)).open(sealed, "7/DB_PASSWORD"));
        assertThrows(WrongSecretKeyException.class, () -> cipher.open(sealed, "8/DB_PASSWORD"));
    }

    @Test
    void the_same_value_sealed_twice_looks_different() {
        SecretCipher cipher = new SecretCipher(key(1));
        assertFalse(Arrays.equals(cipher.seal(new SecretValue("x"), "c"), cipher.seal(new SecretValue("x"), "c")));
    }

    @Test
    void a_secret_value_prints_as_a_mask() {
        assertEquals("***", new SecretValue("hunter2").toString());
        assertFalse(List.of(new SecretValue("hunter2")).toString().contains("hunter2"));
    }

    @Test
    void a_generated_key_is_kept_owner_only_and_read_back(@TempDir Path dir) throws Exception {
        byte[] first = SecretKeys.resolve(Optional.empty(), dir);
        Path file = dir.resolve("secret.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertArrayEquals(first, SecretKeys.resolve(Optional.empty(), dir));
    }

    @Test
    void a_configured_key_of_the_wrong_length_is_refused_clearly() {
        var e = assertThrows(IllegalStateException.class, () -> SecretKeys.resolve(Optional.of("AAAA"), Path.of("/nonexistent")));
        assertTrue(e.getMessage().contains("KAIROS_SECRET_KEY"), e.getMessage());
    }

    @Test
    void output_is_masked_even_when_a_value_is_split_across_pieces() {
        OutputMask mask = new OutputMask(List.of(new SecretValue("s3cr3t-value"), new SecretValue("ab")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String text = "pw=s3cr3t-value and ab, again s3cr3t-value!";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // one byte at a time: every value is cut at every place
        for (byte b : bytes) {
            out.writeBytes(mask.accept(new byte[]{b}));
        }
        out.writeBytes(mask.flush());
        assertEquals("pw=*** and ***, again ***!", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void a_value_at_the_very_end_is_masked_at_flush() {
        OutputMask mask = new OutputMask(List.of(new SecretValue("tail")));
        String first = new String(mask.accept("x ta".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        String second = new String(mask.accept("il".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        String rest = new String(mask.flush(), StandardCharsets.UTF_8);
        assertEquals("x ***", first + second + rest);
    }
}
