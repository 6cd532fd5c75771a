package io.kairos.notify;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** One message of a run as the API shows it: where it goes and how its delivery is going. */
@Schema(description = "One notification of a run (webhook or e-mail) and its delivery: state, attempts, last error.")
public record DeliveryView(long id, String event, String channel, JsonNode target, String state, int attempts,
                           String lastError, Instant nextAttemptAt, Instant createdAt, Instant deliveredAt) {
}
