package io.kairos.allocator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;

/**
 * A set of TCP ports (1..65535) as sorted, disjoint, non-adjacent inclusive ranges, like Mesos'
 * {@code ports} resource. Immutable; set operations return new values.
 */
public final class PortRanges {

    public static final PortRanges NONE = new PortRanges(new int[0]);

    /** begin0, end0, begin1, end1, ... sorted, disjoint, with gaps between ranges. */
    private final int[] bounds;

    private PortRanges(int[] bounds) {
        this.bounds = bounds;
    }

    /** The ports {@code begin..end}, both inclusive. */
    public static PortRanges of(int begin, int end) {
        if (begin < 1 || end > 65535 || begin > end) {
            throw new IllegalArgumentException("not a port range: " + begin + "-" + end);
        }
        return new PortRanges(new int[] {begin, end});
    }

    /**
     * Parses Mesos' text form: {@code [31000-32000,33000-33010]}, brackets optional, a single port
     * allowed ({@code 8080}), spaces ignored.
     *
     * @throws IllegalArgumentException naming the bad part
     */
    public static PortRanges parse(String text) {
        String inner = text.trim();
        if (inner.startsWith("[") && inner.endsWith("]")) {
            inner = inner.substring(1, inner.length() - 1);
        }
        PortRanges out = NONE;
        for (String part : inner.split(",")) {
            String r = part.trim();
            if (r.isEmpty()) {
                continue;
            }
            String[] ends = r.split("-", 2);
            try {
                int begin = Integer.parseInt(ends[0].trim());
                out = out.plus(of(begin, ends.length == 2 ? Integer.parseInt(ends[1].trim()) : begin));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a port range: " + r, e);
            }
        }
        return out;
    }

    /** The set holding exactly {@code ports}. */
    public static PortRanges ofPorts(Collection<Integer> ports) {
        PortRanges out = NONE;
        for (int p : ports) {
            out = out.plus(of(p, p));
        }
        return out;
    }

    /** Every port in the set, ascending. */
    public List<Integer> ports() {
        List<Integer> out = new ArrayList<>(count());
        for (int i = 0; i < bounds.length; i += 2) {
            for (int p = bounds[i]; p <= bounds[i + 1]; p++) {
                out.add(p);
            }
        }
        return out;
    }

    /** The ranges as {@code begin-end} texts, the agent protocol's form. */
    public List<String> ranges() {
        List<String> out = new ArrayList<>(bounds.length / 2);
        for (int i = 0; i < bounds.length; i += 2) {
            out.add(bounds[i] + "-" + bounds[i + 1]);
        }
        return out;
    }

    public boolean isEmpty() {
        return bounds.length == 0;
    }

    public int count() {
        int n = 0;
        for (int i = 0; i < bounds.length; i += 2) {
            n += bounds[i + 1] - bounds[i] + 1;
        }
        return n;
    }

    public boolean contains(PortRanges other) {
        return other.isEmpty() || other.minus(this).isEmpty();
    }

    public PortRanges plus(PortRanges other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        int[] all = Arrays.copyOf(bounds, bounds.length + other.bounds.length);
        System.arraycopy(other.bounds, 0, all, bounds.length, other.bounds.length);
        long[] pairs = new long[all.length / 2];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = ((long) all[2 * i] << 32) | all[2 * i + 1];
        }
        Arrays.sort(pairs);
        List<int[]> merged = new ArrayList<>();
        for (long p : pairs) {
            int b = (int) (p >>> 32);
            int e = (int) p;
            int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && b <= last[1] + 1) {
                last[1] = Math.max(last[1], e);
            } else {
                merged.add(new int[] {b, e});
            }
        }
        return fromList(merged);
    }

    public PortRanges minus(PortRanges other) {
        if (isEmpty() || other.isEmpty()) {
            return this;
        }
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < bounds.length; i += 2) {
            int b = bounds[i];
            int e = bounds[i + 1];
            for (int j = 0; j < other.bounds.length && b <= e; j += 2) {
                int ob = other.bounds[j];
                int oe = other.bounds[j + 1];
                if (oe < b || ob > e) {
                    continue;
                }
                if (ob > b) {
                    out.add(new int[] {b, ob - 1});
                }
                b = oe + 1;
            }
            if (b <= e) {
                out.add(new int[] {b, e});
            }
        }
        return fromList(out);
    }

    /** The lowest {@code n} ports of this set; fewer if it holds fewer. */
    public PortRanges lowest(int n) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < bounds.length && n > 0; i += 2) {
            int take = Math.min(n, bounds[i + 1] - bounds[i] + 1);
            out.add(new int[] {bounds[i], bounds[i] + take - 1});
            n -= take;
        }
        return fromList(out);
    }

    /**
     * {@code n} ports of this set handed out in turn after port {@code last}: the lowest above it, wrapping round to
     * the lowest of the set when there are fewer above; fewer if the set holds fewer. A port just given back is the
     * last to be given again, so a port another program took (or one still closing) is not handed out time after
     * time.
     */
    public PortRanges inTurnAfter(int last, int n) {
        PortRanges above = last < 1 ? this : minus(of(1, Math.min(last, 65535)));
        PortRanges first = above.lowest(n);
        int rest = n - first.count();
        return rest <= 0 ? first : first.plus(minus(first).lowest(rest));
    }

    /** The port {@link #inTurnAfter inTurnAfter(last, n)} handed out last, given its answer: where the next turn starts. */
    public static int lastInTurn(PortRanges given, int last) {
        if (given.isEmpty()) {
            return last;
        }
        // ports at or below last were handed out after wrapping round, so after every port above it
        PortRanges wrapped = last < 1 ? NONE : last >= 65535 ? given : given.minus(of(last + 1, 65535));
        PortRanges from = wrapped.isEmpty() ? given : wrapped;
        return from.bounds[from.bounds.length - 1];
    }

    private static PortRanges fromList(List<int[]> ranges) {
        if (ranges.isEmpty()) {
            return NONE;
        }
        int[] b = new int[ranges.size() * 2];
        for (int i = 0; i < ranges.size(); i++) {
            b[2 * i] = ranges.get(i)[0];
            b[2 * i + 1] = ranges.get(i)[1];
        }
        return new PortRanges(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortRanges p && Arrays.equals(bounds, p.bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    /** Mesos' text form, e.g. {@code [31000-31009, 32000-32000]}. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (int i = 0; i < bounds.length; i += 2) {
            j.add(bounds[i] + "-" + bounds[i + 1]);
        }
        return j.toString();
    }
}
