-- Roles of the allocator: weight scales a role's fair (dominant) share, quota is guaranteed to it,
-- limit caps it. A NULL limit column means no limit on that resource. A role a job names but
-- that has no row here has weight 1, no quota, no limit.
CREATE TABLE role (
    name          TEXT PRIMARY KEY,
    weight        DOUBLE PRECISION NOT NULL DEFAULT 1 CHECK (weight > 0),
    quota_cpus    DOUBLE PRECISION NOT NULL DEFAULT 0,
    quota_mem_mb  BIGINT           NOT NULL DEFAULT 0,
    quota_disk_mb BIGINT           NOT NULL DEFAULT 0,
    limit_cpus    DOUBLE PRECISION,
    limit_mem_mb  BIGINT,
    limit_disk_mb BIGINT,
    version       BIGINT           NOT NULL DEFAULT 0,
    updated_at    TIMESTAMPTZ      NOT NULL
);
INSERT INTO role (name, updated_at) VALUES ('batch', now());
