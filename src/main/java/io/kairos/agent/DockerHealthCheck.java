package io.kairos.agent;

import io.kairos.agent.node.AgentNode;
import io.kairos.agent.node.AgentRole;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when this process can run containers, where it runs them at all (standalone, agent). */
@Readiness
@ApplicationScoped
public class DockerHealthCheck implements HealthCheck {

    private final Instance<LocalAgent> agent;
    private final AgentRole remote;
    private final String role;

    DockerHealthCheck(Instance<LocalAgent> agent, AgentRole remote, @ConfigProperty(name = "kairos.role") String role) {
        this.agent = agent;
        this.remote = remote;
        this.role = role;
    }

    @Override
    public HealthCheckResponse call() {
        if (role.equals("scheduler")) {
            return HealthCheckResponse.named("docker").up().withData("role", role).withData("runsContainers", false).build();
        }
        boolean up = role.equals("agent") ? remote.node().map(AgentNode::dockerAvailable).orElse(false)
                : agent.get().dockerAvailable();
        return HealthCheckResponse.named("docker").status(up).withData("role", role).build();
    }
}
