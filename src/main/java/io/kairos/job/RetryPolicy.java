package io.kairos.job;

import java.time.Duration;

/**
 * How often a failed run is tried again, and how long it waits first: attempt n+1 waits
 * {@code backoffSeconds * backoffFactor^(n-1)}, at most {@code maxBackoffSeconds}. {@code max} = 0
 * means no retries. LOST attempts (their agent went away) are retried whatever {@code max} says.
 */
public record RetryPolicy(int max, int backoffSeconds, double backoffFactor, int maxBackoffSeconds) {

    public static final RetryPolicy NONE = new RetryPolicy(0, 10, 2.0, 600);

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration backoff(int retry) {
        double seconds = backoffSeconds * Math.pow(backoffFactor, Math.max(0, retry - 1));
        return Duration.ofMillis((long) (Math.min(seconds, maxBackoffSeconds) * 1000));
    }
}
