-- Every configuration a service has had, so that a deployment can be rolled back and its versions listed (issue 12).
CREATE TABLE service_version (
    service_id     TEXT        NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    config_version BIGINT      NOT NULL,
    definition     JSONB       NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (service_id, config_version)
);
INSERT INTO service_version (service_id, config_version, definition, created_at)
    SELECT id, config_version, definition, updated_at FROM service;

-- A change of a service on its way to being true: created, scaled, upgraded, restarted, rolled back, deleted. At most one
-- runs per service; a newer change supersedes it. Kept after its service is gone, as history.
CREATE TABLE deployment (
    id          UUID        PRIMARY KEY,
    service_id  TEXT        NOT NULL,
    kind        TEXT        NOT NULL,
    state       TEXT        NOT NULL,
    from_config BIGINT,
    to_config   BIGINT      NOT NULL,
    -- the instances before and after the change: a rollback restores the first
    from_instances INTEGER,
    instances   INTEGER     NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    detail      TEXT
);
CREATE UNIQUE INDEX deployment_running ON deployment (service_id) WHERE state = 'RUNNING';
CREATE INDEX deployment_service ON deployment (service_id, started_at DESC);
