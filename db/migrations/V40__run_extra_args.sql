-- Per-run extra arguments (issue #5, Chronos' PUT /v1/scheduler/job/{name}?arguments=): appended to the
-- argv of a job that runs without a shell; a re-run reuses them. NULL: none.
ALTER TABLE run ADD COLUMN extra_args JSONB;
