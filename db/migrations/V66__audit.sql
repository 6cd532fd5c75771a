-- The audit log (issue 11): who changed what, written in the transaction of the change itself, so a change rolled back
-- leaves no row and no change commits without one. Never updated or deleted by Kairos.
CREATE TABLE audit_event (
    id     bigserial PRIMARY KEY,
    at     timestamptz NOT NULL,
    -- the token's name, or 'open' (authentication off) or 'system' (Kairos itself)
    actor  text NOT NULL,
    action text NOT NULL,
    -- a job's name, a run's id, an agent's id, a role's or a token's name
    target text NOT NULL,
    -- a job definition's changed fields, {"field": {"from": .., "to": ..}}; secrets only as added/changed/removed
    diff   jsonb,
    detail text
);

-- GET /api/v1/audit reads newest first, filtered by any of target, actor and action, from a time on
CREATE INDEX audit_event_at ON audit_event (at DESC, id DESC);
CREATE INDEX audit_event_target_at ON audit_event (target, at DESC, id DESC);
CREATE INDEX audit_event_actor_at ON audit_event (actor, at DESC, id DESC);
CREATE INDEX audit_event_action_at ON audit_event (action, at DESC, id DESC);
