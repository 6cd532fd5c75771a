package io.kairos.agent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code kairos.agent.*}: the agent role's settings, and the timing both ends of the agent protocol share. */
@ConfigMapping(prefix = "kairos.agent")
public interface AgentConfig {

    /** {@code KAIROS_AGENT_ID}; default: hostname and a suffix kept under the data directory. */
    Optional<String> id();

    /** {@code KAIROS_AGENT_RESOURCES}, e.g. {@code cpus:4;mem:8192;disk:20000;ports:[31000-32000]}; default: detected. */
    Optional<String> resources();

    /** {@code KAIROS_AGENT_ATTRIBUTES}, e.g. {@code rack:r1;zone:a}. */
    Optional<String> attributes();

    /** {@code KAIROS_SCHEDULER_URL}: scheduler base URLs, comma-separated, tried in turn. */
    Optional<List<String>> schedulerUrl();

    /** {@code KAIROS_AGENT_JOIN_TOKEN}: the secret agents show a scheduler to join it; see {@link JoinToken}. */
    Optional<String> joinToken();

    /**
     * {@code KAIROS_AGENT_TOKEN}: this agent's own token, made for its id by an admin ({@code POST /api/v1/agent-tokens});
     * shown instead of the join token when set. It admits the agent under that id only.
     */
    Optional<String> token();

    /**
     * {@code KAIROS_AGENT_MTLS}: on a scheduler, agents are admitted by a client certificate its HTTPS trust store
     * verifies ({@code quarkus.http.ssl.client-auth=request}), registering under the certificate's CN only; tokens no
     * longer admit them.
     */
    @WithDefault("false")
    boolean mtls();

    /** {@code KAIROS_AGENT_TLS_CERT_FILE}: on an agent, its client certificate (PEM) for a scheduler with mTLS. */
    Optional<String> tlsCertFile();

    /** {@code KAIROS_AGENT_TLS_KEY_FILE}: the private key (PEM) of that certificate. */
    Optional<String> tlsKeyFile();

    /** {@code KAIROS_AGENT_TLS_TRUST_FILE}: the CA certificates (PEM) an agent verifies an https scheduler with. */
    Optional<String> tlsTrustFile();

    /** How often each end sends a heartbeat. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /** A peer silent this long is given up: the scheduler marks the agent lost, the agent reconnects. */
    @WithDefault("30s")
    Duration lostAfter();

    /** Pause between connection attempts. */
    @WithDefault("1s")
    Duration reconnectDelay();

    /**
     * {@code KAIROS_AGENT_PUBLISH_ADDRESS}: the host address a container's ports are published on;
     * {@code 0.0.0.0} is every interface, {@code 127.0.0.1} keeps tasks reachable from the agent's host only.
     */
    @WithDefault("0.0.0.0")
    String publishAddress();

    /**
     * {@code KAIROS_AGENT_PROCESS_USER}: the user process tasks run as when the agent runs as root; {@code root} keeps
     * them root. See {@link io.kairos.agent.ProcessUser}.
     */
    @WithDefault("nobody")
    String processUser();

    /** Stop every task when the process stops, instead of leaving containers to be taken over at the next start. */
    @WithDefault("false")
    boolean stopTasksOnShutdown();
}
