package io.kairos.agent.remote;

/**
 * A connection the scheduler will not take as an agent (a wrong join token, an id another live connection holds):
 * its socket is closed with {@link #reason()}, which the agent logs, rather than with the silent close that means
 * "try again".
 */
final class AgentRefusedException extends RuntimeException {

    /** WebSocket close code 1008, policy violation: the peer is refused, not the transport broken. */
    static final short POLICY = 1008;

    AgentRefusedException(String reason) {
        super(reason);
    }

    String reason() {
        return getMessage();
    }
}
