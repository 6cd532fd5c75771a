-- A job's secrets (issue 11): one row per name, the value sealed with AES-256-GCM (nonce || ciphertext || tag),
-- never in plain text; the names alone are also kept in the job's definition, which the API returns.
create table job_secret (
    job_id     bigint      not null references job (id) on delete cascade,
    name       text        not null,
    sealed     bytea       not null,
    updated_at timestamptz not null,
    primary key (job_id, name)
);
