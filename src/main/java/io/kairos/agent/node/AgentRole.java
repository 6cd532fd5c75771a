package io.kairos.agent.node;

import io.kairos.cluster.ProcessRole;
import io.kairos.agent.AgentConfig;
import io.kairos.agent.ClusterId;
import io.kairos.agent.CompositeContainerizer;
import io.kairos.agent.DockerContainerizer;
import io.kairos.agent.HealthProbes;
import io.kairos.agent.JoinToken;
import io.kairos.agent.ProcessContainerizer;
import io.kairos.agent.ProcessUser;
import io.quarkus.runtime.LaunchMode;
import io.kairos.agent.SparkSubmitCommand;
import io.kairos.agent.SparkSubmitConfig;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Starts the {@link AgentNode} of this process. {@code kairos.role=agent}: it connects this host to the schedulers
 * of {@code KAIROS_SCHEDULER_URL}. {@code standalone}: the same agent connects to this process's own scheduler over
 * a loopback WebSocket once the HTTP server listens, so the in-process agent takes exactly the remote path —
 * registration, acknowledged status updates, reconciliation, fencing — and the join token: the in-process agent shows
 * the secret its scheduler made for it ({@link JoinToken#inProcess()}), so it joins with authentication on whether
 * {@code KAIROS_AGENT_JOIN_TOKEN} is set or not.
 */
@ApplicationScoped
public class AgentRole {

    private static final Logger LOG = Logger.getLogger(AgentRole.class);
    /** How long a task failing its health checks is given to stop before it is killed outright. */
    private static final java.time.Duration HEALTH_KILL_GRACE = java.time.Duration.ofSeconds(5);

    private final Vertx vertx;
    private final AgentConfig config;
    private final Clock clock;
    private final ProcessRole role;
    private final String dataDir;
    private final Optional<String> dockerHost;
    private final SparkSubmitConfig spark;
    private final JoinToken joinToken;
    private volatile AgentNode node;

    AgentRole(Vertx vertx, AgentConfig config, Clock clock, @ConfigProperty(name = "kairos.role") ProcessRole role,
              @ConfigProperty(name = "kairos.data-dir") String dataDir,
              @ConfigProperty(name = "kairos.docker.host") Optional<String> dockerHost, SparkSubmitConfig spark,
              JoinToken joinToken) {
        this.joinToken = joinToken;
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
        this.role = role;
        this.dataDir = dataDir;
        this.dockerHost = dockerHost;
        this.spark = spark;
    }

    void start(@Observes StartupEvent e) {
        if (!role.schedules()) {
            start(config.schedulerUrl().orElseThrow(() -> new IllegalStateException("the agent role needs KAIROS_SCHEDULER_URL")),
                    config.id(), joinToken.shownByAgent());
        }
    }

    /** Standalone: the server listens now, on the port the options say (the actual one when 0 was asked). */
    void standalone(@ObservesAsync HttpServerStart server) {
        if (role == ProcessRole.STANDALONE) {
            String host = server.options().getHost();
            String loopback = host == null || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
            // the id standalone Kairos always had: containers left by an earlier start are taken over by it
            start(List.of("http://" + loopback + ":" + actualPort(server)),
                    config.id().or(() -> Optional.of("local-" + localHostname())), Optional.of(joinToken.inProcess()));
        }
    }

    /**
     * The options carry no port when Quarkus picked it (port 0, as tests do); the configuration has the actual one then,
     * but only once Quarkus has recorded it, which can be just after this (asynchronous) observer runs: wait for it.
     */
    private static int actualPort(HttpServerStart server) {
        if (server.options().getPort() > 0) {
            return server.options().getPort();
        }
        String key = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            int port = ConfigProvider.getConfig().getOptionalValue(key, Integer.class).orElse(0);
            if (port > 0) {
                return port;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(key + " is still 0 30 s after the HTTP server started");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the HTTP port", e);
            }
        }
    }

    private synchronized void start(List<String> schedulers, Optional<String> id, Optional<String> token) {
        if (node != null) {
            return;
        }
        AgentIdentity identity = AgentIdentity.resolve(id, config.resources(), config.attributes(), Path.of(dataDir));
        AgentNode n = new AgentNode(vertx, schedulers, identity,
                new HealthProbes(new SparkSubmitCommand(new CompositeContainerizer(
                        new DockerContainerizer(dockerHost.orElse(null), identity.id(), config.publishAddress(),
                                ClusterId.keptIn(Path.of(dataDir))),
                        new ProcessContainerizer(Path.of(System.getProperty("java.io.tmpdir")),
                                ProcessUser.forAgent(config.processUser()))), spark), config.publishAddress(), HEALTH_KILL_GRACE, clock,
                        Path.of(dataDir).resolve("checked-tasks")),
                new AgentNode.Timing(config.heartbeatInterval(), config.lostAfter(), config.reconnectDelay()),
                clock, Quarkus::asyncExit, token, AgentTls.of(config));
        LOG.infof("agent %s on %s offers %s, attributes %s; schedulers %s", identity.id(), identity.hostname(),
                identity.resources(), identity.attributes(), schedulers);
        n.start();
        node = n;
    }

    void stop(@Observes ShutdownEvent e) {
        AgentNode n = node;
        if (n != null) {
            n.close(config.stopTasksOnShutdown());
        }
    }

    /** The running agent, once started. */
    public Optional<AgentNode> node() {
        return Optional.ofNullable(node);
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
