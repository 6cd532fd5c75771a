package io.kairos.agent;

import io.kairos.security.AuthMode;
import io.kairos.security.Credentials;
import io.kairos.security.TokenSecret;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * {@code KAIROS_AGENT_JOIN_TOKEN}: the shared secret an agent shows ({@code Authorization: Bearer <token>} on the
 * WebSocket handshake) to be let in as an agent. Without it, anyone who reaches a scheduler could register as an agent,
 * receive launches with jobs' environment, and report runs as they please. With authentication off every agent is let
 * in, as every API caller is.
 *
 * <p>The standalone role's own agent shows a secret made for this process alone, so it joins its scheduler whether a
 * join token is set or not; that secret never leaves the process but over the loopback connection.
 */
@ApplicationScoped
public class JoinToken {

    /** The setting's name, for operators reading a log line or a refusal. */
    public static final String SETTING = "KAIROS_AGENT_JOIN_TOKEN";

    private final AuthMode mode;
    private final Optional<String> configured;
    private final Optional<String> own;
    private final String inProcess = TokenSecret.generate();

    JoinToken(AuthMode mode, AgentConfig config) {
        this.mode = mode;
        this.configured = config.joinToken().map(String::strip).filter(t -> !t.isEmpty());
        this.own = config.token().map(String::strip).filter(t -> !t.isEmpty());
    }

    /** What a remote agent sends: its own agent token ({@code KAIROS_AGENT_TOKEN}) if set, else the join token, if any. */
    public Optional<String> shownByAgent() {
        return own.isPresent() ? own : configured;
    }

    /** What the standalone role's own agent sends. */
    public String inProcess() {
        return inProcess;
    }

    /** Whether this {@code Authorization} header carries the secret of the standalone role's own agent. */
    public boolean isInProcess(String authorization) {
        return Credentials.secret(authorization).filter(s -> TokenSecret.same(s, inProcess)).isPresent();
    }

    /** Authentication on, a scheduler without a join token admits only agents with an agent token of their own. */
    public boolean admitsNoRemoteAgent() {
        return mode.on() && configured.isEmpty();
    }

    /** Thrown by a scheduler at start: a short join token can be guessed, and it opens the agent door. */
    public void checkLength() {
        if (mode.on() && configured.isPresent() && configured.get().length() < TokenSecret.MIN_LENGTH) {
            throw new IllegalArgumentException(SETTING + " must be at least " + TokenSecret.MIN_LENGTH + " characters");
        }
    }

    /**
     * Why a handshake with this {@code Authorization} header is refused by the join token; empty when it may join as any
     * agent. A refused secret may still be one agent's own token (see {@code AgentTokens}).
     */
    public Optional<String> refusal(String authorization) {
        if (!mode.on()) {
            return Optional.empty();
        }
        Optional<String> shown = Credentials.secret(authorization);
        if (shown.isEmpty()) {
            return Optional.of("an agent must show the join token: Authorization: Bearer <" + SETTING + ">");
        }
        if (TokenSecret.same(shown.get(), inProcess) || configured.filter(c -> TokenSecret.same(shown.get(), c)).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(configured.isEmpty()
                ? "this scheduler has no join token (" + SETTING + " is not set on it), and this is no agent's own token"
                + " (KAIROS_AGENT_TOKEN, made by POST /api/v1/agent-tokens)"
                : "neither this scheduler's join token (" + SETTING + " differs) nor an agent's own token (KAIROS_AGENT_TOKEN)");
    }
}
