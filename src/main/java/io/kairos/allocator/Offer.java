package io.kairos.allocator;

import java.time.Instant;
import java.util.Map;

/** Free resources of one agent, lent to one framework until accepted, declined or expired. */
public record Offer(OfferId id, AgentId agent, String hostname, Map<String, String> attributes,
                    Resources resources, Instant expiresAt) {
}
