package io.kairos.security;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces every secret value in one output stream with {@code ***}, on the agent, before the output is chunked and
 * sent: nothing that leaves the agent, and so nothing the scheduler stores, holds a value. Output arrives in pieces
 * cut anywhere, so a value may straddle two pieces: the last {@code longest - 1} bytes of each piece are held back
 * and looked at again with the next one (or given out by {@link #flush} when the stream ends). Masking here rather
 * than in the scheduler's log store keeps the values off the wire, and the agent already has them from the launch.
 * Matching is on UTF-8 bytes, so a multi-byte character cut between pieces still matches. Not thread-safe: one per
 * stream, fed in order.
 */
public final class OutputMask {

    private static final byte[] MASK = SecretValue.MASK.getBytes(StandardCharsets.UTF_8);

    private final List<byte[]> values;
    private final int holdBack;
    private byte[] pending = new byte[0];

    public OutputMask(Collection<SecretValue> secrets) {
        // longest first: a value that contains a shorter one is masked whole
        this.values = secrets.stream().map(s -> s.reveal().getBytes(StandardCharsets.UTF_8)).filter(b -> b.length > 0)
                .sorted(Comparator.comparingInt((byte[] b) -> b.length).reversed()).toList();
        this.holdBack = values.isEmpty() ? 0 : values.get(0).length - 1;
    }

    /** The bytes of {@code piece} (with what was held back) that can be given out now, masked. */
    public byte[] accept(byte[] piece) {
        if (values.isEmpty()) {
            return piece;
        }
        byte[] all = new byte[pending.length + piece.length];
        System.arraycopy(pending, 0, all, 0, pending.length);
        System.arraycopy(piece, 0, all, pending.length, piece.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(all.length);
        // a match may start only where it can end inside what is here; the rest waits for the next piece
        int i = mask(all, Math.max(0, all.length - holdBack), out);
        pending = Arrays.copyOfRange(all, i, all.length);
        return out.toByteArray();
    }

    /** What was held back, masked: the stream ended, no value can complete any more. */
    public byte[] flush() {
        byte[] rest = pending;
        pending = new byte[0];
        ByteArrayOutputStream out = new ByteArrayOutputStream(rest.length);
        mask(rest, rest.length, out);
        return out.toByteArray();
    }

    /**
     * Copies {@code data} to {@code out} with each value found starting before {@code end} replaced by the mask.
     *
     * @return where the copying stopped: {@code end}, or past it when a value starting before it ran over
     */
    private int mask(byte[] data, int end, ByteArrayOutputStream out) {
        int i = 0;
        while (i < end) {
            int len = matchAt(data, i);
            if (len > 0) {
                out.writeBytes(MASK);
                i += len;
            } else {
                out.write(data[i]);
                i++;
            }
        }
        return i;
    }

    /** Length of the longest value found whole at {@code at}, or 0; a value running past the end does not match. */
    private int matchAt(byte[] data, int at) {
        for (byte[] v : values) {
            if (at + v.length <= data.length && Arrays.equals(data, at, at + v.length, v, 0, v.length)) {
                return v.length;
            }
        }
        return 0;
    }
}
