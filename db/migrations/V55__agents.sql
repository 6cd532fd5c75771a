-- Agents as rows (issue #10): the lifecycle state of each agent a scheduler has known, so that a drain or a
-- loss outlives a restart and a failover. The new leader reads these rows before agents register again.
-- Liveness (the last heartbeat) stays in memory: writing it every few seconds per agent would cost more than
-- it tells; only lifecycle moves are written. Concurrent writers (a deposed leader still finishing a move)
-- are kept apart by the version column: every write says which version it read.
CREATE TABLE agent (
    id               TEXT        PRIMARY KEY,
    state            TEXT        NOT NULL CHECK (state IN ('REGISTERED', 'ACTIVE', 'DRAINING', 'DRAINED', 'LOST', 'GONE')),
    -- why it is in its state, e.g. "silent for more than 30s"
    reason           TEXT,
    -- as it last registered, so that an agent not connected now is still shown as it was
    hostname         TEXT        NOT NULL,
    cpus             DOUBLE PRECISION NOT NULL DEFAULT 0,
    mem_mb           BIGINT      NOT NULL DEFAULT 0,
    disk_mb          BIGINT      NOT NULL DEFAULT 0,
    gpus             BIGINT      NOT NULL DEFAULT 0,
    -- port ranges like 31000-32000,33000-33100
    ports            TEXT        NOT NULL DEFAULT '',
    attributes       JSONB       NOT NULL DEFAULT '{}',
    registered_at    TIMESTAMPTZ,
    state_changed_at TIMESTAMPTZ NOT NULL,
    version          BIGINT      NOT NULL DEFAULT 0
);
