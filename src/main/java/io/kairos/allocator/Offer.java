package io.kairos.allocator;

import java.time.Instant;
import java.util.Map;

/**
 * Resources of one agent lent to one framework until accepted, declined, expired or rescinded.
 * While out, nobody else is offered them.
 */
public record Offer(OfferId id, FrameworkId framework, AgentId agent, String hostname, Map<String, String> attributes,
                    Resources resources, Instant expiresAt) {
}
