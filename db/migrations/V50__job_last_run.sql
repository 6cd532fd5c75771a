-- The jobs page (issue #6) filters and sorts 100,000 jobs by their last run's state. Finding each
-- job's newest run in a run table of millions of rows on every page view is too slow, so it is
-- kept here, one row per job.
--
-- "Last run" is the newest run that has left the queue: started, ended, or skipped or killed while
-- queued. Queued runs are left out on purpose: the firing sweep inserts thousands of PENDING runs in
-- one statement, and keeping this table on that path made such an INSERT about 60% slower (449 ms
-- instead of 280 ms for 10,000 runs, in JobsPageBench); a run's later moves happen one at a time anyway.
-- The WHEN clauses are checked without calling the function, so an INSERT of PENDING runs pays nothing.
--
-- Triggers keep it, not Java: runs change state in many places (agents' reports, kills, skips,
-- retries, mark-success, the sweep's own skips), and the database sees them all. A table of its
-- own rather than columns on job: the sweep claims job rows FOR NO KEY UPDATE SKIP LOCKED, and a run
-- ending must neither hold a job row (the sweep would pass the job over) nor wait for one.
CREATE TABLE job_last_run (
    job_id       BIGINT      PRIMARY KEY REFERENCES job (id) ON DELETE CASCADE,
    run_id       BIGINT      NOT NULL,
    state        TEXT        NOT NULL,
    -- the run's logical time (its slot, or the request time of a run-now)
    scheduled_at TIMESTAMPTZ NOT NULL
)
-- no index but the key, and room on each page: every move of a run rewrites its job's row, which
-- PostgreSQL then updates in place (HOT) instead of adding index entries. The jobs page reads the
-- whole table (100,000 narrow rows) in a few milliseconds when it filters or sorts by it.
WITH (fillfactor = 50);

INSERT INTO job_last_run (job_id, run_id, state, scheduled_at)
SELECT DISTINCT ON (job_id) job_id, id, state, scheduled_at FROM run WHERE state <> 'PENDING' ORDER BY job_id, id DESC;

CREATE FUNCTION job_last_run_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state = 'PENDING' THEN
        -- a run queued again for a retry: still the last run, now waiting
        UPDATE job_last_run SET state = NEW.state WHERE job_id = NEW.job_id AND run_id = NEW.id;
    ELSE
        -- an older run ending after a newer one started does not take the newer one's place
        INSERT INTO job_last_run AS l (job_id, run_id, state, scheduled_at) VALUES (NEW.job_id, NEW.id, NEW.state, NEW.scheduled_at)
        ON CONFLICT (job_id) DO UPDATE SET run_id = EXCLUDED.run_id, state = EXCLUDED.state, scheduled_at = EXCLUDED.scheduled_at
            WHERE l.run_id <= EXCLUDED.run_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER run_inserted_not_queued AFTER INSERT ON run
    FOR EACH ROW WHEN (NEW.state <> 'PENDING') EXECUTE FUNCTION job_last_run_record();
CREATE TRIGGER run_state_changed AFTER UPDATE OF state ON run
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION job_last_run_record();

-- No index for the job page's history filter (state, logical time): it walks run_job_newest, the
-- job's runs newest first. An index on (job_id, state) made every INSERT of runs, the firing sweep's
-- included, about a third slower (JobsPageBench).
