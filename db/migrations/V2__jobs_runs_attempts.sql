-- Kairos core schema. Times are timestamptz (UTC on the wire); concurrency by unique keys,
-- version columns and SKIP LOCKED.

CREATE TABLE job (
    id                  BIGSERIAL PRIMARY KEY,
    name                TEXT        NOT NULL UNIQUE,
    owner               TEXT,
    description         TEXT,
    command             TEXT,
    enabled             BOOLEAN     NOT NULL,
    -- the whole definition as the API accepted it: what is PUT is what GET returns
    definition          JSONB       NOT NULL,
    -- schedule, duplicated out of the definition so the firing sweep reads no JSON
    schedule_cron       TEXT,
    schedule_iso8601    TEXT,
    schedule_timezone   TEXT        NOT NULL DEFAULT 'UTC',
    starting_deadline_s INTEGER,
    catch_up            TEXT        NOT NULL DEFAULT 'LATEST',
    -- the next slot not yet recorded as a run; NULL = nothing to fire (on demand, disabled, ended)
    next_fire_at        TIMESTAMPTZ,
    version             BIGINT      NOT NULL DEFAULT 0,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX job_due ON job (next_fire_at) WHERE next_fire_at IS NOT NULL;
CREATE INDEX job_owner ON job (owner);

CREATE TABLE run (
    id            BIGSERIAL PRIMARY KEY,
    job_id        BIGINT      NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    job_name      TEXT        NOT NULL,
    -- SCHEDULE: a slot of the job's schedule; MANUAL: run-now
    trigger       TEXT        NOT NULL,
    -- the logical time: the slot for SCHEDULE runs, the request time for MANUAL ones
    scheduled_at  TIMESTAMPTZ NOT NULL,
    state         TEXT        NOT NULL,
    -- why the run is in its state: skipped, failed, a catch-up run
    reason        TEXT,
    -- while PENDING: why it is still waiting ("needs 2 cpus; largest free agent has 1.5")
    waiting_for   TEXT,
    exit_code     INTEGER,
    agent_id      TEXT,
    container_id  TEXT,
    attempts      INTEGER     NOT NULL DEFAULT 0,
    kill_requested BOOLEAN    NOT NULL DEFAULT FALSE,
    version       BIGINT      NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ NOT NULL,
    started_at    TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ
);
-- a slot can never run twice, whichever scheduler records it
CREATE UNIQUE INDEX run_slot ON run (job_id, scheduled_at) WHERE trigger = 'SCHEDULE';
CREATE INDEX run_job_newest ON run (job_id, id DESC);
CREATE INDEX run_pending ON run (id) WHERE state = 'PENDING';
CREATE INDEX run_active ON run (state) WHERE state IN ('STAGING', 'RUNNING');

CREATE TABLE attempt (
    id            BIGSERIAL PRIMARY KEY,
    run_id        BIGINT      NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    number        INTEGER     NOT NULL,
    state         TEXT        NOT NULL,
    agent_id      TEXT        NOT NULL,
    container_id  TEXT,
    exit_code     INTEGER,
    message       TEXT,
    -- the task exactly as it was sent to the agent
    task          JSONB       NOT NULL,
    stdout_bytes  BIGINT      NOT NULL DEFAULT 0,
    stderr_bytes  BIGINT      NOT NULL DEFAULT 0,
    log_truncated BOOLEAN     NOT NULL DEFAULT FALSE,
    version       BIGINT      NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ NOT NULL,
    started_at    TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ,
    UNIQUE (run_id, number)
);
CREATE INDEX attempt_active ON attempt (state) WHERE state IN ('STAGING', 'STARTING', 'RUNNING');

-- stdout/stderr of an attempt, in the order written; offsets are byte offsets within the stream
CREATE TABLE log_chunk (
    attempt_id  BIGINT  NOT NULL REFERENCES attempt (id) ON DELETE CASCADE,
    stream      TEXT    NOT NULL,
    byte_offset BIGINT  NOT NULL,
    data        BYTEA   NOT NULL,
    PRIMARY KEY (attempt_id, stream, byte_offset)
);
