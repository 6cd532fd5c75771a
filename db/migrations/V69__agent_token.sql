-- Per-agent tokens (issue 11): an admin makes one for an agent id; the agent shows it on the WebSocket handshake and
-- may then register only as that id. As with API tokens, only the secret's SHA-256 is stored.
CREATE TABLE agent_token (
    agent_id    text PRIMARY KEY CHECK (length(agent_id) BETWEEN 1 AND 200),
    secret_hash bytea NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL,
    created_by  text NOT NULL
);
