package io.kairos.agent.remote;

import io.kairos.api.Amount;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An agent as the API shows it: its lifecycle state (from its row) and, while it is connected, the pool's live
 * numbers. {@code lastHeartbeat}: the last message this scheduler had from it; {@code connected}: whether its
 * connection is up now; {@code reason} and {@code stateChangedAt}: why and since when it is in its state.
 */
@Schema(description = "An agent of the pool: state REGISTERED, ACTIVE, DRAINING, DRAINED, LOST or GONE (kept across restarts "
                + "and failovers); total, allocated and free resources; attributes; running task ids (attempt ids); "
                + "the last time it was heard from; why and since when it is in its state.")
public record AgentView(String id, String hostname, AgentState state, boolean connected, Amount total,
                        Amount allocated, Amount free, List<String> ports, Map<String, String> attributes,
                        List<Long> runningTasks, Instant lastHeartbeat, String reason, Instant stateChangedAt) {
}
