package io.kairos.agent.remote;

/** An event the agent lifecycle does not allow in the agent's state: a bug when Kairos itself asks for it. */
public class IllegalAgentTransitionException extends IllegalStateException {

    private final AgentState from;
    private final AgentLifecycle.Event event;

    public IllegalAgentTransitionException(AgentState from, AgentLifecycle.Event event) {
        super("illegal agent transition: " + event + " in state " + from);
        this.from = from;
        this.event = event;
    }

    public AgentState from() {
        return from;
    }

    public AgentLifecycle.Event event() {
        return event;
    }
}
