package io.kairos.agent;

import io.kairos.allocator.PortRanges;
import io.kairos.allocator.Resources;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an agent offers, in Mesos' notation: {@code cpus:4;mem:8192;disk:20000;gpus:1;ports:[31000-32000,33000-33100]},
 * and its attributes, {@code rack:r1;zone:a}.
 */
public final class AgentResources {

    private AgentResources() {
    }

    /** @throws IllegalArgumentException for a malformed value, naming it */
    public static Resources parse(String text) {
        double cpus = 0;
        long mem = 0;
        long disk = 0;
        long gpus = 0;
        PortRanges ports = PortRanges.NONE;
        for (String part : text.split(";")) {
            String[] kv = part.trim().split(":", 2);
            if (kv.length != 2) {
                continue;
            }
            String value = kv[1].trim();
            try {
                switch (kv[0].trim()) {
                    case "cpus" -> cpus = Double.parseDouble(value);
                    case "mem" -> mem = Long.parseLong(value);
                    case "disk" -> disk = Long.parseLong(value);
                    case "gpus" -> gpus = Long.parseLong(value);
                    case "ports" -> ports = ports.plus(PortRanges.parse(value));
                    default -> { /* custom resources are not offered */ }
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("agent resources: bad value for " + kv[0].trim() + ": " + value, e);
            }
        }
        return new Resources(cpus, mem, disk, gpus, ports);
    }

    public static Map<String, String> parseAttributes(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            String[] kv = part.trim().split(":", 2);
            if (kv.length == 2) {
                out.put(kv[0].trim(), kv[1].trim());
            }
        }
        return out;
    }

    /**
     * Mesos' default port range, offered by an agent whose resources are detected: a service or job asking for a port
     * then runs on a laptop as it is (a port another program holds is skipped at launch, see HostPorts).
     */
    public static final PortRanges DEFAULT_PORTS = PortRanges.of(31000, 32000);

    /**
     * All cores, all physical memory, the usable space of the working directory's disk, and {@link #DEFAULT_PORTS}; no
     * GPUs (which devices are free for tasks is the operator's call).
     */
    public static Resources detect() {
        long memMb = 4096;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memMb = os.getTotalMemorySize() / (1024 * 1024);
        }
        long diskMb = new File(".").getUsableSpace() / (1024 * 1024);
        return new Resources(Runtime.getRuntime().availableProcessors(), memMb, diskMb).withPorts(DEFAULT_PORTS);
    }
}
