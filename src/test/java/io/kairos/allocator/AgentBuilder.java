package io.kairos.allocator;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code anAgent("a1").cpus(4).mem(8192).attr("rack", "r1").addTo(allocator)}. */
public final class AgentBuilder {
    private static int counter;
    private final String id;
    private double cpus = 4;
    private long memMb = 8192;
    private long diskMb;
    private long gpus;
    private PortRanges ports = PortRanges.NONE;
    private final Map<String, String> attributes = new LinkedHashMap<>();

    private AgentBuilder(String id) {
        this.id = id;
    }

    public static AgentBuilder anAgent(String id) {
        return new AgentBuilder(id);
    }

    public static AgentBuilder anAgent() {
        return new AgentBuilder("agent-" + (++counter));
    }

    public AgentBuilder cpus(double c) { cpus = c; return this; }
    public AgentBuilder mem(long mb) { memMb = mb; return this; }
    public AgentBuilder disk(long mb) { diskMb = mb; return this; }
    public AgentBuilder gpus(long n) { gpus = n; return this; }
    public AgentBuilder ports(int begin, int end) { ports = PortRanges.of(begin, end); return this; }
    public AgentBuilder attr(String k, String v) { attributes.put(k, v); return this; }

    public AgentId addTo(Allocator allocator) {
        AgentId a = new AgentId(id);
        allocator.addAgent(a, id, new Resources(cpus, memMb, diskMb, gpus, ports), attributes);
        return a;
    }
}
