package io.kairos.agent;

import io.kairos.allocator.AgentId;
import io.kairos.allocator.Resources;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The agent that lives inside a standalone Kairos: the same launch/kill/report path a remote agent
 * takes, with method calls instead of a connection.
 */
@ApplicationScoped
public class LocalAgent implements AgentHandle {

    private static final Logger LOG = Logger.getLogger(LocalAgent.class);

    private final Containerizer containerizer;
    private final TaskListener reports;
    private final AgentId id;
    private final String hostname;
    private final Resources resources;
    private final Map<String, String> attributes;

    LocalAgent(TaskListener reports, @ConfigProperty(name = "kairos.agent.resources") Optional<String> resources,
               @ConfigProperty(name = "kairos.agent.attributes") Optional<String> attributes,
               @ConfigProperty(name = "kairos.docker.host") Optional<String> dockerHost) {
        this.reports = reports;
        this.hostname = localHostname();
        this.id = new AgentId("local-" + hostname);
        this.resources = resources.map(AgentResources::parse).orElseGet(AgentResources::detect);
        this.attributes = attributes.map(AgentResources::parseAttributes).orElse(Map.of());
        this.containerizer = new CompositeContainerizer(new DockerContainerizer(dockerHost.orElse(null)), new ProcessContainerizer());
        LOG.infof("local agent %s offers %s", id, this.resources);
    }

    @Override
    public AgentId id() {
        return id;
    }

    @Override
    public String hostname() {
        return hostname;
    }

    @Override
    public Resources resources() {
        return resources;
    }

    @Override
    public Map<String, String> attributes() {
        return attributes;
    }

    @Override
    public void launch(TaskSpec spec) {
        containerizer.launch(spec, reports);
    }

    @Override
    public void kill(TaskId task, Duration grace) {
        containerizer.kill(task, grace);
    }

    @Override
    public Set<TaskId> running() {
        return containerizer.running();
    }

    public boolean dockerAvailable() {
        return containerizer.available();
    }

    @PreDestroy
    void close() throws Exception {
        containerizer.close();
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Mesos-style resource and attribute strings: {@code cpus:4;mem:8192;disk:20000}, {@code rack:r1;zone:a}. */
    static final class AgentResources {
        private AgentResources() {
        }

        static Resources parse(String text) {
            double cpus = 0;
            long mem = 0;
            long disk = 0;
            for (String part : text.split(";")) {
                String[] kv = part.trim().split(":", 2);
                if (kv.length != 2) {
                    continue;
                }
                switch (kv[0].trim()) {
                    case "cpus" -> cpus = Double.parseDouble(kv[1].trim());
                    case "mem" -> mem = Long.parseLong(kv[1].trim());
                    case "disk" -> disk = Long.parseLong(kv[1].trim());
                    default -> { /* ports and gpus arrive with the agent pool (#4) */ }
                }
            }
            return new Resources(cpus, mem, disk);
        }

        static Map<String, String> parseAttributes(String text) {
            Map<String, String> out = new java.util.LinkedHashMap<>();
            for (String part : text.split(";")) {
                String[] kv = part.trim().split(":", 2);
                if (kv.length == 2) {
                    out.put(kv[0].trim(), kv[1].trim());
                }
            }
            return out;
        }

        static Resources detect() {
            long memMb = 4096;
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                memMb = os.getTotalMemorySize() / (1024 * 1024);
            }
            long diskMb = new java.io.File(".").getUsableSpace() / (1024 * 1024);
            return new Resources(Runtime.getRuntime().availableProcessors(), memMb, diskMb);
        }
    }
}
