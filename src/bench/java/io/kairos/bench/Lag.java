package io.kairos.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentiles of how long after the slot something happened (nearest-rank). */
record Lag(Duration p50, Duration p99, Duration max) {

    static Lag of(List<Duration> lags) {
        if (lags.isEmpty()) {
            return new Lag(null, null, null);
        }
        List<Duration> sorted = new ArrayList<>(lags);
        Collections.sort(sorted);
        return new Lag(rank(sorted, 0.50), rank(sorted, 0.99), sorted.get(sorted.size() - 1));
    }

    static Duration median(List<Duration> values) {
        return of(values).p50();
    }

    private static Duration rank(List<Duration> sorted, double q) {
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    /** Seconds with millisecond precision, or "—" when there is nothing. */
    static String s(Duration d) {
        return d == null ? "—" : String.format(java.util.Locale.ROOT, "%.3f s", d.toNanos() / 1e9);
    }
}
