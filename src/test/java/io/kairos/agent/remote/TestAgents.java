package io.kairos.agent.remote;

import io.kairos.agent.AgentResources;
import io.kairos.agent.ProcessContainerizer;
import io.kairos.agent.node.AgentIdentity;
import io.kairos.agent.node.AgentNode;
import io.kairos.agent.node.AgentTls;
import io.kairos.allocator.AgentId;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Real agent nodes for the admission tests: process tasks, attribute {@code who:<id>}, quick heartbeats and retries. */
final class TestAgents {

    private TestAgents() {
    }

    static AgentNode node(Vertx vertx, String schedulerUrl, String id, Optional<String> token, AgentTls tls) {
        return new AgentNode(vertx, List.of(schedulerUrl),
                new AgentIdentity(new AgentId(id), "host-" + id, AgentResources.parse("cpus:2;mem:2048;disk:1000"),
                        AgentResources.parseAttributes("who:" + id)),
                new ProcessContainerizer(), new AgentNode.Timing(Duration.ofMillis(300), Duration.ofSeconds(3), Duration.ofMillis(200)),
                Clock.systemUTC(), () -> { }, token, tls);
    }
}
