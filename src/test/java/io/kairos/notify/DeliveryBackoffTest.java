package io.kairos.notify;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeliveryBackoffTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final DeliveryBackoff fiveTriesFromOneSecond = new DeliveryBackoff(5, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5));

    @Test
    void the_wait_doubles_from_one_second_after_each_failed_try() {
        assertEquals(Optional.of(NOW.plusSeconds(1)), fiveTriesFromOneSecond.next(1, NOW));
        assertEquals(Optional.of(NOW.plusSeconds(2)), fiveTriesFromOneSecond.next(2, NOW));
        assertEquals(Optional.of(NOW.plusSeconds(4)), fiveTriesFromOneSecond.next(3, NOW));
        assertEquals(Optional.of(NOW.plusSeconds(8)), fiveTriesFromOneSecond.next(4, NOW));
    }

    @Test
    void after_the_last_try_the_notification_is_given_up() {
        assertEquals(Optional.empty(), fiveTriesFromOneSecond.next(5, NOW));
    }

    @Test
    void the_wait_never_passes_the_maximum() {
        DeliveryBackoff b = new DeliveryBackoff(50, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30));
        assertEquals(Optional.of(NOW.plusSeconds(30)), b.next(20, NOW));
    }
}
