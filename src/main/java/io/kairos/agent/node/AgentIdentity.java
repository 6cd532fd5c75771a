package io.kairos.agent.node;

import io.kairos.agent.AgentResources;
import io.kairos.allocator.AgentId;
import io.kairos.allocator.Resources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Who an agent is and what it offers: the content of its registration. */
public record AgentIdentity(AgentId id, String hostname, Resources resources, Map<String, String> attributes) {

    public AgentIdentity {
        attributes = Map.copyOf(attributes);
    }

    /**
     * From the agent's settings; missing resources are detected from the host. The default id is the hostname
     * and a random suffix kept in {@code <dataDir>/agent-id}, so it survives restarts and two agents on one host
     * (with their own data directories) differ.
     */
    public static AgentIdentity resolve(Optional<String> id, Optional<String> resources, Optional<String> attributes,
                                        Path dataDir) {
        String hostname = localHostname();
        return new AgentIdentity(new AgentId(id.orElseGet(() -> hostname + "-" + stableSuffix(dataDir))), hostname,
                resources.map(AgentResources::parse).orElseGet(AgentResources::detect),
                attributes.map(AgentResources::parseAttributes).orElse(Map.of()));
    }

    static String stableSuffix(Path dataDir) {
        Path file = dataDir.resolve("agent-id");
        try {
            if (Files.isRegularFile(file)) {
                String kept = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!kept.isEmpty()) {
                    return kept;
                }
            }
            Files.createDirectories(dataDir);
            String fresh = UUID.randomUUID().toString().substring(0, 8);
            Files.writeString(file, fresh + "\n", StandardCharsets.UTF_8);
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the agent id in " + file + " (set KAIROS_AGENT_ID or KAIROS_DATA_DIR)", e);
        }
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
