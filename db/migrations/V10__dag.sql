-- Dependencies between jobs (issue #5). A job's definition JSON keeps its parents by name, as the
-- API took them; job_parent mirrors them by id for the trigger rule and the graph.
CREATE TABLE job_parent (
    child_id     BIGINT NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    -- no cascade: a job with children is deleted only after they are detached from it
    parent_id    BIGINT NOT NULL REFERENCES job (id),
    -- the trigger rule's state, one generation at a time: the parent's run that released the child
    -- (SUCCEEDED, or FAILED/TIMED_OUT with softError) since the child was last triggered; NULL while
    -- the child still waits for this parent. Cleared on every edge of the child when it is triggered.
    ready_run_id BIGINT REFERENCES run (id) ON DELETE SET NULL,
    PRIMARY KEY (child_id, parent_id)
);
CREATE INDEX job_parent_children ON job_parent (parent_id);

-- The parent runs that triggered a DEPENDENCY run, one row per parent.
CREATE TABLE run_trigger (
    child_run_id  BIGINT NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    child_job_id  BIGINT NOT NULL,
    -- no foreign key: a child's history keeps naming its triggers after a parent job is deleted
    parent_run_id BIGINT NOT NULL,
    parent_job    TEXT   NOT NULL,
    PRIMARY KEY (child_run_id, parent_run_id),
    -- a parent run triggers a given child at most once, however often its end is reported or
    -- it is marked successful afterwards
    UNIQUE (child_job_id, parent_run_id)
);
