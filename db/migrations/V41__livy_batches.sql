-- Livy-compatible batches (issue #5). A batch is a run of an on-demand Spark job made for it, so it is in the
-- runs API like any run; this table says which runs are batches (the batch id is the run id) and keeps what Livy
-- shows that a run does not. DELETE /batches/{id} removes the row (the run, killed if it was going, stays).
CREATE TABLE livy_batch (
    run_id      BIGINT      PRIMARY KEY REFERENCES run (id) ON DELETE CASCADE,
    job_name    TEXT        NOT NULL,
    -- Livy's name (also the Spark application's name); NULL when none was given
    name        TEXT,
    proxy_user  TEXT,
    -- the Spark application id once found in the driver's log (so it is searched for only until then)
    app_id      TEXT,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX livy_batch_name ON livy_batch (name) WHERE name IS NOT NULL;
