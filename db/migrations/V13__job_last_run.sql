-- The jobs page (issue #6) filters and sorts 100,000 jobs by their last run's state. Finding each
-- job's newest run in a run table of millions of rows on every page view is too slow, so the
-- newest run of each job is kept here, one row per job that has run.
--
-- Triggers keep it, not Java: runs are inserted by the firing sweep (one multi-row INSERT of up to
-- thousands of slots), run-now, backfill and dependency triggers, and change state in many places;
-- the database sees them all. A table of its own rather than columns on job: the firing sweep
-- claims job rows FOR UPDATE SKIP LOCKED, and a run ending must never hold a job row (the sweep
-- would skip that job) nor wait for one (a job being edited).
CREATE TABLE job_last_run (
    job_id       BIGINT      PRIMARY KEY REFERENCES job (id) ON DELETE CASCADE,
    run_id       BIGINT      NOT NULL,
    state        TEXT        NOT NULL,
    -- the run's logical time (its slot, or the request time of a run-now)
    scheduled_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX job_last_run_state ON job_last_run (state);
CREATE INDEX job_last_run_newest ON job_last_run (run_id DESC);

INSERT INTO job_last_run (job_id, run_id, state, scheduled_at)
SELECT DISTINCT ON (job_id) job_id, id, state, scheduled_at FROM run ORDER BY job_id, id DESC;

-- once per INSERT statement: the sweep's 10,000-row insert costs one upsert statement, and rows
-- are locked in job_id order, so two inserting transactions cannot deadlock on this table
CREATE FUNCTION job_last_run_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO job_last_run AS l (job_id, run_id, state, scheduled_at)
    SELECT DISTINCT ON (job_id) job_id, id, state, scheduled_at FROM inserted_runs ORDER BY job_id, id DESC
    ON CONFLICT (job_id) DO UPDATE SET run_id = EXCLUDED.run_id, state = EXCLUDED.state, scheduled_at = EXCLUDED.scheduled_at
        WHERE l.run_id < EXCLUDED.run_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER run_inserted AFTER INSERT ON run REFERENCING NEW TABLE AS inserted_runs
    FOR EACH STATEMENT EXECUTE FUNCTION job_last_run_on_insert();

-- per row, and only when the state really changes (most run updates are waiting reasons and versions)
CREATE FUNCTION job_last_run_on_state() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE job_last_run SET state = NEW.state WHERE job_id = NEW.job_id AND run_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER run_state_changed AFTER UPDATE OF state ON run
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION job_last_run_on_state();

-- a job's run history filtered by state, newest first (the job page)
CREATE INDEX run_job_state_newest ON run (job_id, state, id DESC);
