package io.kairos.agent.node;

import io.kairos.cluster.ProcessRole;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** An agent is ready once registered with a scheduler; the other roles have no such connection. */
@Readiness
@ApplicationScoped
public class SchedulerConnectionCheck implements HealthCheck {

    private final AgentRole agent;
    private final ProcessRole role;

    SchedulerConnectionCheck(AgentRole agent, @ConfigProperty(name = "kairos.role") ProcessRole role) {
        this.agent = agent;
        this.role = role;
    }

    @Override
    public HealthCheckResponse call() {
        if (role.schedules()) {
            return HealthCheckResponse.named("scheduler-connection").up().withData("role", role.id()).build();
        }
        boolean up = agent.node().map(AgentNode::connected).orElse(false);
        return HealthCheckResponse.named("scheduler-connection").status(up).withData("role", role.id()).build();
    }
}
