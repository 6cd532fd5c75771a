package io.kairos.agent.node;

import io.kairos.agent.AgentConfig;
import io.kairos.agent.CompositeContainerizer;
import io.kairos.agent.DockerContainerizer;
import io.kairos.agent.ProcessContainerizer;
import io.kairos.agent.SparkSubmitCommand;
import io.kairos.agent.SparkSubmitConfig;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** {@code kairos.role=agent}: starts the {@link AgentNode} that connects this host to the scheduler. */
@ApplicationScoped
public class AgentRole {

    private static final Logger LOG = Logger.getLogger(AgentRole.class);

    private final Vertx vertx;
    private final AgentConfig config;
    private final Clock clock;
    private final String role;
    private final String dataDir;
    private final Optional<String> dockerHost;
    private final SparkSubmitConfig spark;
    private volatile AgentNode node;

    AgentRole(Vertx vertx, AgentConfig config, Clock clock, @ConfigProperty(name = "kairos.role") String role,
              @ConfigProperty(name = "kairos.data-dir") String dataDir,
              @ConfigProperty(name = "kairos.docker.host") Optional<String> dockerHost, SparkSubmitConfig spark) {
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
        this.role = role;
        this.dataDir = dataDir;
        this.dockerHost = dockerHost;
        this.spark = spark;
    }

    void start(@Observes StartupEvent e) {
        if (!role.equals("agent")) {
            return;
        }
        AgentIdentity identity = AgentIdentity.resolve(config.id(), config.resources(), config.attributes(), Path.of(dataDir));
        AgentNode n = new AgentNode(vertx,
                config.schedulerUrl().orElseThrow(() -> new IllegalStateException("the agent role needs KAIROS_SCHEDULER_URL")),
                identity,
                new SparkSubmitCommand(new CompositeContainerizer(new DockerContainerizer(dockerHost.orElse(null), identity.id()),
                        new ProcessContainerizer()), spark),
                new AgentNode.Timing(config.heartbeatInterval(), config.lostAfter(), config.reconnectDelay()),
                clock, Quarkus::asyncExit);
        LOG.infof("agent %s on %s offers %s, ports %s, attributes %s; schedulers %s", identity.id(), identity.hostname(),
                identity.resources().scalars(), identity.resources().ports(), identity.attributes(), config.schedulerUrl().get());
        n.start();
        node = n;
    }

    void stop(@Observes ShutdownEvent e) {
        AgentNode n = node;
        if (n != null) {
            n.close();
        }
    }

    /** The running agent, in the agent role once started. */
    public Optional<AgentNode> node() {
        return Optional.ofNullable(node);
    }
}
