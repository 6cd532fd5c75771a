-- What containers of a role's jobs may be given of their host beyond Docker's defaults (issue 11): privileged,
-- host-network, host-mounts, capabilities. Empty: none of them, the default for every role.
ALTER TABLE role ADD COLUMN allow text[] NOT NULL DEFAULT '{}';
