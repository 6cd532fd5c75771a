package io.kairos.agent.remote;

import java.time.Duration;

/**
 * Exponential back-off, capped: {@code first} after the first failure, doubled after each further one, never
 * more than {@code max}. Pure, so a lane's waiting can be tested without waiting.
 */
record Backoff(Duration first, Duration max) {

    static final Backoff REPORTS = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < first <= max, not " + first + " and " + max);
        }
    }

    /** @param failures consecutive failures so far, 1 or more */
    Duration after(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be 1 or more, not " + failures);
        }
        // 2^30 overflows nothing and is past any sensible cap already
        int doublings = Math.min(failures - 1, 30);
        Duration d = first.multipliedBy(1L << doublings);
        return d.compareTo(max) > 0 ? max : d;
    }
}
