package io.kairos.agent;

import io.kairos.allocator.Resources;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an agent offers, in Mesos' notation: {@code cpus:4;mem:8192;disk:20000;ports:[31000-32000,33000-33100]},
 * and its attributes, {@code rack:r1;zone:a}. Scalars become {@link Resources}; ports are kept beside them
 * (the allocator does not place ports yet).
 */
public record AgentResources(Resources scalars, List<PortRange> ports) {

    /** An inclusive range of host ports. */
    public record PortRange(int begin, int end) {
        public PortRange {
            if (begin < 1 || end > 65535 || begin > end) {
                throw new IllegalArgumentException("bad port range " + begin + "-" + end);
            }
        }

        @Override
        public String toString() {
            return begin + "-" + end;
        }
    }

    public AgentResources {
        ports = List.copyOf(ports);
    }

    /** @throws IllegalArgumentException for a malformed value, naming it */
    public static AgentResources parse(String text) {
        double cpus = 0;
        long mem = 0;
        long disk = 0;
        List<PortRange> ports = new ArrayList<>();
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
                    case "ports" -> ports.addAll(parsePorts(value));
                    default -> { /* gpus and custom resources are not offered yet */ }
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("agent resources: bad value for " + kv[0].trim() + ": " + value, e);
            }
        }
        return new AgentResources(new Resources(cpus, mem, disk), ports);
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

    /** All cores, all physical memory, the usable space of the working directory's disk; no ports. */
    public static AgentResources detect() {
        long memMb = 4096;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memMb = os.getTotalMemorySize() / (1024 * 1024);
        }
        long diskMb = new File(".").getUsableSpace() / (1024 * 1024);
        return new AgentResources(new Resources(Runtime.getRuntime().availableProcessors(), memMb, diskMb), List.of());
    }

    private static List<PortRange> parsePorts(String value) {
        String inner = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
        List<PortRange> out = new ArrayList<>();
        for (String range : inner.split(",")) {
            String r = range.trim();
            if (r.isEmpty()) {
                continue;
            }
            String[] ends = r.split("-", 2);
            int begin = Integer.parseInt(ends[0].trim());
            out.add(new PortRange(begin, ends.length == 2 ? Integer.parseInt(ends[1].trim()) : begin));
        }
        return out;
    }
}
