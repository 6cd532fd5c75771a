package io.kairos.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes a minimal ustar archive in memory: enough for a root filesystem of regular files and symlinks. */
final class RootfsTar {

    private static final int BLOCK = 512;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    RootfsTar directory(String name) {
        header(name.endsWith("/") ? name : name + "/", 0755, 0, '5', "");
        return this;
    }

    RootfsTar file(String name, int mode, byte[] content) {
        header(name, mode, content.length, '0', "");
        out.writeBytes(content);
        pad(content.length);
        return this;
    }

    RootfsTar symlink(String name, String target) {
        header(name, 0777, 0, '2', target);
        return this;
    }

    /** The archive, closed with the two empty blocks tar expects. */
    byte[] toBytes() {
        out.writeBytes(new byte[2 * BLOCK]);
        return out.toByteArray();
    }

    private void header(String name, int mode, long size, char type, String linkTarget) {
        byte[] header = new byte[BLOCK];
        put(header, 0, 100, name);
        put(header, 100, 8, octal(mode, 7));
        put(header, 108, 8, octal(0, 7));
        put(header, 116, 8, octal(0, 7));
        put(header, 124, 12, octal(size, 11));
        put(header, 136, 12, octal(0, 11));
        header[156] = (byte) type;
        put(header, 157, 100, linkTarget);
        put(header, 257, 6, "ustar");
        put(header, 263, 2, "00");
        // The checksum is computed with its own field read as spaces.
        put(header, 148, 8, "        ");
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, 8, octal(sum, 6) + "\0 ");
        out.writeBytes(header);
    }

    private void pad(long size) {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.writeBytes(new byte[BLOCK - rest]);
        }
    }

    private static String octal(long value, int digits) {
        return String.format("%0" + digits + "o", value);
    }

    private static void put(byte[] header, int offset, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > length) {
            throw new IllegalArgumentException("tar field too long: " + value);
        }
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
