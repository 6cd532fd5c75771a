package io.kairos.service;

import java.time.Instant;
import java.util.UUID;

/**
 * A deployment as the API shows it. {@code updated}: instances of {@code toConfig} that serve; {@code oldRemaining}:
 * instances of older configurations still live (both only while it runs).
 */
public record DeploymentView(UUID id, String serviceId, DeploymentEntity.Kind kind, DeploymentEntity.State state,
                             Long fromConfig, long toConfig, int instances, Integer updated, Integer oldRemaining,
                             Instant startedAt, Instant finishedAt, String detail) {

    static DeploymentView of(DeploymentEntity d, Integer updated, Integer oldRemaining) {
        return new DeploymentView(d.id, d.serviceId, d.kind, d.state, d.fromConfig, d.toConfig, d.instances, updated, oldRemaining,
                d.startedAt, d.finishedAt, d.detail);
    }
}
