package io.kairos.notify;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** One message of a run as the API shows it: where it goes and how its delivery is going. */
public record DeliveryView(long id, String event, String channel, JsonNode target, String state, int attempts,
                           String lastError, Instant nextAttemptAt, Instant createdAt, Instant deliveredAt) {
}
