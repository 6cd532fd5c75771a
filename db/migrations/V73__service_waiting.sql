-- Why a service's missing instances are not placed ("needs 1 ports; largest free agent has 0"), as a queued run says
-- why it waits (issue 12).
ALTER TABLE service ADD COLUMN waiting_for TEXT;
