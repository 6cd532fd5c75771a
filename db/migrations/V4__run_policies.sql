-- Retries, timeouts, concurrency and overdue runs (issue #5).
ALTER TABLE run ADD COLUMN kill_cause TEXT;           -- USER, TIMEOUT, REPLACED: why Kairos stopped it
UPDATE run SET kill_cause = 'USER' WHERE kill_requested;
ALTER TABLE run DROP COLUMN kill_requested;
ALTER TABLE run ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;   -- failed attempts, counted against retries.max
ALTER TABLE run ADD COLUMN not_before TIMESTAMPTZ;    -- a retry waits out its backoff in the queue
ALTER TABLE run ADD COLUMN overdue BOOLEAN NOT NULL DEFAULT FALSE; -- still going past expectedRuntimeSeconds
