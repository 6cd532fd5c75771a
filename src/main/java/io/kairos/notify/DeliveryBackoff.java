package io.kairos.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a failed notification is tried again: after try n (1-based) it waits
 * {@code first * factor^(n-1)}, at most {@code max}; after try {@code maxAttempts} it is given up.
 */
public record DeliveryBackoff(int maxAttempts, Duration first, double factor, Duration max) {

    static DeliveryBackoff of(NotifyConfig c) {
        return new DeliveryBackoff(c.maxAttempts(), c.backoff(), c.backoffFactor(), c.maxBackoff());
    }

    /** @return when to try again after {@code attemptsMade} failed tries, or empty when that was the last */
    public Optional<Instant> next(int attemptsMade, Instant now) {
        if (attemptsMade >= maxAttempts) {
            return Optional.empty();
        }
        double millis = first.toMillis() * Math.pow(factor, Math.max(0, attemptsMade - 1));
        return Optional.of(now.plusMillis((long) Math.min(millis, max.toMillis())));
    }
}
