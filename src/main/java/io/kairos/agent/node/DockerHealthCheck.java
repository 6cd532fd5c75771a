package io.kairos.agent.node;

import io.kairos.cluster.ProcessRole;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when this process can run containers, where it runs them at all (standalone, agent). */
@Readiness
@ApplicationScoped
public class DockerHealthCheck implements HealthCheck {

    private final AgentRole remote;
    private final ProcessRole role;

    DockerHealthCheck(AgentRole remote, @ConfigProperty(name = "kairos.role") ProcessRole role) {
        this.remote = remote;
        this.role = role;
    }

    @Override
    public HealthCheckResponse call() {
        if (!role.runsTasks()) {
            return HealthCheckResponse.named("docker").up().withData("role", role.id()).withData("runsContainers", false).build();
        }
        boolean up = remote.node().map(AgentNode::dockerAvailable).orElse(false);
        return HealthCheckResponse.named("docker").status(up).withData("role", role.id()).build();
    }
}
