package io.kairos.agent.remote;

import io.kairos.allocator.AgentId;
import io.kairos.allocator.Resources;

import java.time.Instant;
import java.util.Map;

/**
 * What this scheduler knows of one agent: its lifecycle state as in its row, how it last registered, its
 * connection (if any) and when it was last heard from. Every change of state happens holding the member's lock,
 * through {@link AgentRegistry#fire}; liveness fields are read without it.
 */
final class AgentMember {

    final AgentId id;
    AgentState state = AgentState.GONE;
    /** The row's version as last read or written; null when there is no row yet. */
    Long version;
    String reason;
    Instant stateChangedAt;
    Instant registeredAt;
    String hostname;
    Resources resources = Resources.NONE;
    Map<String, String> attributes = Map.of();
    /** The current connection; null for an agent known from its row that has not registered with this scheduler. */
    volatile RemoteAgent agent;
    volatile Instant lastHeard;
    /** Given up on by the liveness sweep (HEARTBEAT_LOST fired); cleared when it registers again. */
    volatile boolean silent;

    AgentMember(AgentId id) {
        this.id = id;
        this.hostname = id.value();
    }

    void read(AgentRows.Row row) {
        state = row.state();
        version = row.version();
        reason = row.reason();
        stateChangedAt = row.stateChangedAt();
        registeredAt = row.registeredAt();
        hostname = row.hostname();
        resources = row.resources();
        attributes = row.attributes();
    }

    AgentRows.Row row(AgentState to, String why, Instant now) {
        return new AgentRows.Row(id, to, why, hostname, resources, attributes, registeredAt, now, version == null ? 0 : version);
    }

    /** Connected now, and not given up on. */
    boolean connected() {
        RemoteAgent a = agent;
        return a != null && !silent && a.connected();
    }
}
