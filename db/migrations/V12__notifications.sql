-- Notifications (issue #5): the outbox of webhooks and e-mails to send. A row is inserted in the
-- transaction that ends the run, so an ending is never told twice nor lost by a restart; a sender
-- claims due rows (SKIP LOCKED, then a lease in next_attempt_at), delivers and records the outcome.
CREATE TABLE notification_outbox (
    id              BIGSERIAL PRIMARY KEY,
    run_id          BIGINT      NOT NULL,        -- no foreign key: a deleted job's last news is still sent
    job_name        TEXT        NOT NULL,
    event           TEXT        NOT NULL,        -- FAILURE, SUCCESS, RETRIES_EXHAUSTED, OVERDUE
    -- which of the job's notifications (its index) this row is for, when the row was made
    target_index    INTEGER     NOT NULL,
    channel         TEXT        NOT NULL,        -- WEBHOOK or EMAIL
    target          JSONB       NOT NULL,        -- the notification as the job gave it
    payload         JSONB       NOT NULL,        -- the documented body: job, runId, state, reason, ...
    state           TEXT        NOT NULL DEFAULT 'PENDING',  -- PENDING, DELIVERED, FAILED
    attempts        INTEGER     NOT NULL DEFAULT 0,
    -- when the next try is due; while a sender holds the row, when its lease runs out
    next_attempt_at TIMESTAMPTZ NOT NULL,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    delivered_at    TIMESTAMPTZ,
    version         BIGINT      NOT NULL DEFAULT 0,
    -- one message per run, event and target, however often the ending is reported
    UNIQUE (run_id, event, target_index)
);
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE state = 'PENDING';
CREATE INDEX notification_outbox_run ON notification_outbox (run_id);
