package io.kairos.service;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.time.Instant;
import java.util.List;

/**
 * A service as the API shows it: its definition's fields, and what runs of it.
 *
 * @param configVersion the configuration its newest instances run; instances of an older one are being replaced
 * @param deployment    the deployment in progress, or null
 * @param waitingFor    why instances it lacks are not placed (as the allocation cycle last saw it), or null
 */
public record ServiceView(@JsonUnwrapped ServiceDefinition definition, long version, long configVersion, Instant createdAt,
                         Instant updatedAt, Counts counts, Instant launchDelayedUntil, Deployment deployment, String waitingFor,
                         List<InstanceView> tasks) {

    /** Instances by what they do now; {@code healthy}/{@code unhealthy} only count services with health checks. */
    public record Counts(int staged, int running, int healthy, int unhealthy, int stopping) {
    }

    /** The change in progress: {@code updated} instances of {@code configVersion} live, {@code oldRemaining} older ones. */
    public record Deployment(java.util.UUID id, DeploymentEntity.Kind kind, long configVersion, int target, int updated,
                             int oldRemaining) {
    }
}
