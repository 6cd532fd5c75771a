package io.kairos.framework.placement;

import io.kairos.allocator.FreeAgent;
import io.kairos.allocator.Resources;

/**
 * How to choose among agents that fit (after the constraints have filtered): a fitness score in
 * [0, 1], higher is better, and which end of the free-cpu index to look at first.
 */
public enum Placement {
    /** Best fit: the agent left fullest after placing, keeping whole agents free for large tasks. */
    BIN_PACK,
    /** The agent left emptiest, spreading a job's load. */
    SPREAD;

    public double score(FreeAgent agent, Resources needs) {
        Resources total = agent.total();
        Resources free = agent.free();
        double cpu = total.cpus() <= 0 ? 1 : 1 - (free.cpus() - needs.cpus()) / total.cpus();
        double mem = total.memMb() <= 0 ? 1 : 1 - (double) (free.memMb() - needs.memMb()) / total.memMb();
        double fullness = Math.max(0, Math.min(1, (cpu + mem) / 2));
        return this == BIN_PACK ? fullness : 1 - fullness;
    }

    public boolean tightestFirst() {
        return this == BIN_PACK;
    }
}
