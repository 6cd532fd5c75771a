package io.kairos.agent.remote;

import io.kairos.api.Amount;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An agent as the API shows it. {@code lastHeartbeat}: the last message from a remote agent, null for the
 * in-process one; {@code connected}: whether its connection is up (always true in process).
 */
@Schema(description = "An agent of the pool: state ACTIVE, DRAINING or LOST; total, allocated and free resources; attributes; "
                + "running task ids (attempt ids); lastHeartbeat null for the in-process agent.")
public record AgentView(String id, String hostname, State state, boolean connected, Amount total,
                        Amount allocated, Amount free, List<String> ports, Map<String, String> attributes,
                        List<Long> runningTasks, Instant lastHeartbeat) {

    public enum State { ACTIVE, DRAINING, LOST }
}
