package io.kairos.agent.node;

import io.kairos.agent.AgentConfig;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What an agent uses on an {@code https} scheduler URL: the CA it verifies the scheduler with (the JVM's own when
 * unset) and, for a scheduler with {@code KAIROS_AGENT_MTLS=on}, its client certificate and key (PEM files).
 */
public record AgentTls(Optional<Path> certFile, Optional<Path> keyFile, Optional<Path> trustFile) {

    public static final AgentTls NONE = new AgentTls(Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * From the agent's settings.
     *
     * @throws IllegalArgumentException naming the setting when a file is missing, or a certificate has no key
     */
    public static AgentTls of(AgentConfig config) {
        AgentTls tls = new AgentTls(file(config.tlsCertFile(), "KAIROS_AGENT_TLS_CERT_FILE"),
                file(config.tlsKeyFile(), "KAIROS_AGENT_TLS_KEY_FILE"), file(config.tlsTrustFile(), "KAIROS_AGENT_TLS_TRUST_FILE"));
        if (tls.certFile.isPresent() != tls.keyFile.isPresent()) {
            throw new IllegalArgumentException("KAIROS_AGENT_TLS_CERT_FILE and KAIROS_AGENT_TLS_KEY_FILE go together: set both or neither");
        }
        return tls;
    }

    private static Optional<Path> file(Optional<String> setting, String name) {
        Optional<Path> p = setting.map(String::strip).filter(s -> !s.isEmpty()).map(Path::of);
        if (p.isPresent() && !Files.isReadable(p.get())) {
            throw new IllegalArgumentException(name + " names " + p.get() + ", which is not a readable file");
        }
        return p;
    }

    WebSocketClientOptions applyTo(WebSocketClientOptions options) {
        certFile.ifPresent(c -> options.setKeyCertOptions(
                new PemKeyCertOptions().setCertPath(c.toString()).setKeyPath(keyFile.orElseThrow().toString())));
        trustFile.ifPresent(t -> options.setTrustOptions(new PemTrustOptions().addCertPath(t.toString())));
        return options;
    }
}
