-- Parameterised runs and backfill (issue #5).

-- The values of the job's parameters this run uses, as JSON typed like the parameters (int as a
-- number, the others as strings). NULL: not bound yet (a scheduled or dependency run takes the
-- job's defaults when it is staged, and records them here then).
ALTER TABLE run ADD COLUMN params JSONB;

-- BACKFILL runs only: at most this many of the job's backfill runs may be STAGING/RUNNING at once.
ALTER TABLE run ADD COLUMN max_parallel INTEGER;

-- a slot is backfilled at most once, however often the backfill is asked for; independent of the
-- SCHEDULE key (run_slot), so a slot that already ran on schedule can still be backfilled
CREATE UNIQUE INDEX run_backfill_slot ON run (job_id, scheduled_at) WHERE trigger = 'BACKFILL';
