-- API tokens (issue 11). The secret itself is never stored: only its SHA-256, looked up on every request.
CREATE TABLE api_token (
    name        text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$'),
    role        text NOT NULL CHECK (role IN ('viewer', 'developer', 'operator', 'admin')),
    teams       text[] NOT NULL DEFAULT '{}',
    secret_hash bytea NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL,
    created_by  text NOT NULL
);
