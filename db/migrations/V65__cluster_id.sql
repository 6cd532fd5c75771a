-- The cluster's id (issue 11): one UUID per database, generated here once, given to agents when they register.
-- Agents label their containers with it and take over on restart only containers of their own cluster, so two
-- Kairos databases whose agents share a Docker daemon and an agent id (local-<hostname>) leave each other's alone.
create table cluster_identity (
    singleton boolean primary key default true check (singleton),
    id        uuid    not null
);
insert into cluster_identity (id) values (gen_random_uuid());
