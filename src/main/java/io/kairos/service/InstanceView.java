package io.kairos.service;

import java.time.Instant;
import java.util.List;

/** One instance as the API shows it; {@code ports} are its host ports on {@code host}. */
public record InstanceView(long id, String serviceId, long configVersion, InstanceState state, String marathonState,
                           InstanceLifecycle.Health health, String healthMessage, String agentId, String host,
                           List<Integer> ports, Integer exitCode, String message, String stopReason, Instant createdAt,
                           Instant startedAt, Instant finishedAt) {
}
