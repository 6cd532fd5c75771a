package io.kairos.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Leadership in {@code /q/health}: a follower is ready (it serves the API, its Quartz fires), so this check is up on
 * every scheduler and says who leads; it is down only while a clustered scheduler has no leader to name.
 */
@Readiness
@ApplicationScoped
public class LeadershipCheck implements HealthCheck {

    private final Leadership leadership;
    private final ProcessRole role;

    LeadershipCheck(Leadership leadership, @ConfigProperty(name = "kairos.role") ProcessRole role) {
        this.leadership = leadership;
        this.role = role;
    }

    @Override
    public HealthCheckResponse call() {
        var r = HealthCheckResponse.named("leadership");
        if (!role.schedules()) {
            return r.up().withData("role", role.id()).build();
        }
        r.withData("leader", leadership.isLeader()).withData("epoch", leadership.epoch())
                .withData("clustered", leadership.clustered());
        leadership.leaderUrl().ifPresent(u -> r.withData("leaderUrl", u));
        boolean known = !leadership.clustered() || leadership.isLeader() || leadership.leaderUrl().isPresent();
        return r.status(known).build();
    }
}
