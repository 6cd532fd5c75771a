-- The ops console (issue #6) reads overviews of the run history every few seconds; each query gets an
-- index so the dashboard stays fast with millions of runs.

-- runs of the last 24 hours by state: an index-only range scan, no visit to the table
CREATE INDEX run_created_state ON run (created_at, state);
-- the runs that ended last
CREATE INDEX run_finished ON run (finished_at DESC) WHERE finished_at IS NOT NULL;
-- the jobs that failed lately (the failing-jobs list starts from these)
CREATE INDEX run_failed_recently ON run (finished_at) WHERE state IN ('FAILED', 'TIMED_OUT');
