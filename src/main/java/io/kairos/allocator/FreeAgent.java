package io.kairos.allocator;

import java.util.Map;

/** A read-only look at one agent during an allocation cycle. */
public interface FreeAgent {
    AgentId id();

    /** Also present as the attribute {@code hostname}. */
    String hostname();

    /** Always holds {@code hostname}. */
    Map<String, String> attributes();

    Resources total();

    /** Neither allocated to a task nor out on an offer, ports included. */
    Resources free();

    /** A draining agent gets no new offers; its running tasks finish. */
    boolean draining();
}
