-- Long-running services (issue 12): a definition kept running as N instances by the service framework.
CREATE TABLE service (
    -- a path such as /team/web
    id                 TEXT        PRIMARY KEY,
    owner              TEXT,
    -- the whole definition as the API reads it
    definition         JSONB       NOT NULL,
    -- moves when what the instances run changes (not when only their number does): instances of an older
    -- configuration are replaced, within the service's upgrade strategy
    config_version     BIGINT      NOT NULL DEFAULT 1,
    -- crash-loop back-off: failed instances in a row, and no launch before this time
    failures           INTEGER     NOT NULL DEFAULT 0,
    launch_delay_until TIMESTAMPTZ,
    -- deleted through the API, kept until its last instance has ended
    deleting           BOOLEAN     NOT NULL DEFAULT FALSE,
    version            BIGINT      NOT NULL DEFAULT 0,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);

-- One instance is one task on one agent. Its id is the task's, drawn from the attempts' sequence, so a task id names
-- either an attempt or an instance, never both.
CREATE TABLE service_instance (
    id             BIGINT      PRIMARY KEY DEFAULT nextval('attempt_id_seq'),
    service_id     TEXT        NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    config_version BIGINT      NOT NULL,
    state          TEXT        NOT NULL,
    health         TEXT        NOT NULL DEFAULT 'UNKNOWN',
    health_message TEXT,
    agent_id       TEXT        NOT NULL,
    host           TEXT,
    -- the task exactly as it was sent to the agent, secrets left out
    task           JSONB       NOT NULL,
    exit_code      INTEGER,
    message        TEXT,
    -- why Kairos asked it to stop (scaled down, replaced, deleted), if it did
    stop_reason    TEXT,
    version        BIGINT      NOT NULL DEFAULT 0,
    created_at     TIMESTAMPTZ NOT NULL,
    started_at     TIMESTAMPTZ,
    finished_at    TIMESTAMPTZ
);
CREATE INDEX service_instance_active ON service_instance (service_id) WHERE state IN ('STAGING', 'RUNNING', 'KILLING');
CREATE INDEX service_instance_agent ON service_instance (agent_id) WHERE state IN ('STAGING', 'RUNNING', 'KILLING');
CREATE INDEX service_instance_newest ON service_instance (service_id, id DESC);
