package io.kairos.job;

import java.util.List;

/**
 * What the job package announces about a job, observed synchronously inside the transaction that changes the job:
 * what other packages keep in step (the DAG's edges, the job's runs) commits with the change or not at all, and an
 * observer's refusal (a cycle, children left behind) refuses the change. The job package so knows nothing of them.
 */
public final class JobEvents {

    private JobEvents() {
    }

    /**
     * A job was created or its definition replaced, with these parents, in this allocator role, its container asking
     * for these privileges of its host (the row is written, its id known).
     */
    public record Saved(long jobId, String name, List<String> parents, String role, java.util.Set<ContainerPrivilege> privileges) {
        public Saved {
            parents = List.copyOf(parents);
            privileges = java.util.Set.copyOf(privileges);
        }

        /** The saved job {@code def}, its row's id {@code jobId}. */
        static Saved of(long jobId, JobDefinition def) {
            return new Saved(jobId, def.name(), def.parents(), def.role(),
                    def.container() == null ? java.util.Set.of() : def.container().privileges());
        }
    }

    /**
     * A job is being deleted. Refused by an observer while other jobs depend on it, unless {@code detachChildren};
     * its queued and running runs are killed.
     */
    public record Deleting(long jobId, String name, boolean detachChildren) {
    }
}
