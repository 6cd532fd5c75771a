package io.kairos.agent;

import io.kairos.task.TaskId;
import io.kairos.task.TaskSpec;
import io.kairos.task.TaskListener;

import io.kairos.allocator.AgentId;
import io.kairos.allocator.Resources;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The leader's handle on one agent. The in-process agent of standalone mode implements it with
 * method calls; remote agents (issue #4) implement it over their connection. Reports come back
 * through the {@link TaskListener} the agent was given.
 */
public interface AgentHandle {
    AgentId id();

    String hostname();

    Resources resources();

    Map<String, String> attributes();

    /** Idempotent by task id. */
    void launch(TaskSpec spec);

    void kill(TaskId task, Duration grace);

    /** Tasks the agent is running now, for reconciliation. */
    Set<TaskId> running();
}
