package io.kairos.api;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A write's precondition on the version it was made against, read from an {@code If-Match} header
 * (RFC 9110 §13.1.1): {@code *} (any current version) or a list of entity tags. A resource's tag is its
 * version, strong ({@code "7"}); If-Match compares strongly, so a weak tag never matches.
 *
 * @param any  {@code *}: any current version will do
 * @param tags the strong tags listed, without quotes
 */
public record IfMatch(boolean any, Set<String> tags) {

    /** No If-Match: the write is unconditional (the last write wins). */
    public static final IfMatch ALWAYS = new IfMatch(true, Set.of());

    public IfMatch {
        tags = Set.copyOf(tags);
    }

    /**
     * @param header the header's value, or null when absent
     * @throws ApiException malformed, naming {@code If-Match}, when the value is not the header's grammar
     */
    public static IfMatch parse(String header) {
        if (header == null) {
            return ALWAYS;
        }
        String h = header.strip();
        if (h.equals("*")) {
            return ALWAYS;
        }
        Set<String> strong = new LinkedHashSet<>();
        int i = 0;
        int listed = 0;
        while (i < h.length()) {
            i = skipSpace(h, i);
            if (i < h.length() && h.charAt(i) == ',') { // empty list elements are allowed
                i++;
                continue;
            }
            boolean weak = h.startsWith("W/", i);
            if (weak) {
                i += 2;
            }
            if (i >= h.length() || h.charAt(i) != '"') {
                throw malformed(header);
            }
            int end = i + 1;
            while (end < h.length() && h.charAt(end) != '"') {
                char c = h.charAt(end);
                if (c < 0x21 || c == 0x7f) {
                    throw malformed(header);
                }
                end++;
            }
            if (end >= h.length()) {
                throw malformed(header);
            }
            if (!weak) {
                strong.add(h.substring(i + 1, end));
            }
            listed++;
            i = skipSpace(h, end + 1);
            if (i < h.length() && h.charAt(i) != ',') {
                throw malformed(header);
            }
        }
        if (listed == 0) {
            throw malformed(header);
        }
        return new IfMatch(false, strong);
    }

    /** Whether a write against a resource now at {@code version} may go ahead. */
    public boolean matches(long version) {
        return any || tags.contains(Long.toString(version));
    }

    /** The strong entity tag of {@code version}, as GET answers it in {@code ETag}. */
    public static String tagOf(long version) {
        return "\"" + version + "\"";
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static ApiException malformed(String header) {
        return ApiException.malformed("If-Match", "must be * or a list of entity tags like \"7\" (a job's version, as its ETag"
                + " gives it), not " + header);
    }
}
