-- Console sessions (issue 11): a login with a token opens one; the browser keeps only its random secret, in an
-- HttpOnly cookie. Only the secret's SHA-256 is stored. Revoking the token ends its sessions on every scheduler.
CREATE TABLE console_session (
    secret_hash bytea PRIMARY KEY,
    token_name  text NOT NULL REFERENCES api_token (name) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX console_session_token ON console_session (token_name);
CREATE INDEX console_session_expiry ON console_session (expires_at);
