-- Attempts lost with their agent (issue 10): a run is queued again after each, and fails once
-- kairos.run.max-lost-attempts of them were lost, instead of being queued again forever.
ALTER TABLE run ADD COLUMN lost_attempts INTEGER NOT NULL DEFAULT 0;
