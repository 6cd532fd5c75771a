package io.kairos.notify;

import io.kairos.job.Notification;
import io.kairos.job.Notification.Event;

import java.util.Optional;

/** Which event, if any, a notification is sent for when a run ends: pure, no I/O. */
final class Triggers {

    private Triggers() {
    }

    /**
     * SUCCEEDED is a SUCCESS (also when an operator marks a run SUCCEEDED); FAILED and TIMED_OUT are
     * a FAILURE, or RETRIES_EXHAUSTED when retries ran out and the notification asks for that, so
     * one ending sends one message per target. A kill or a skip sends nothing.
     */
    static Optional<Event> forEnding(String state, boolean retriesExhausted, Notification n) {
        return switch (state) {
            case "SUCCEEDED" -> pick(n, Event.SUCCESS);
            case "FAILED", "TIMED_OUT" -> retriesExhausted && n.on().contains(Event.RETRIES_EXHAUSTED)
                    ? Optional.of(Event.RETRIES_EXHAUSTED) : pick(n, Event.FAILURE);
            default -> Optional.empty();
        };
    }

    static Optional<Event> pick(Notification n, Event e) {
        return n.on().contains(e) ? Optional.of(e) : Optional.empty();
    }
}
