package io.kairos.bench;

import io.kairos.allocator.PortRanges;
import io.kairos.allocator.Resources;
import io.kairos.framework.placement.Constraint;
import io.kairos.framework.placement.Placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The synthetic pool and demand both schedulers get: agents on a few racks in four sizes, tasks in
 * several roles and frameworks, some with constraints. Seeded, so every run is the same.
 */
final class Scenario {
    static final String[] RACKS = {"r1", "r2", "r3", "r4", "r5"};

    record Agent(String id, String rack, Resources total) {
    }

    record Task(long id, String framework, String job, Resources needs, List<Constraint> constraints) {
        String constraintKind() {
            return constraints.isEmpty() ? "none" : constraints.get(0).operator().name();
        }
    }

    /** Framework name -> role, and role weights. */
    static final String[][] FRAMEWORKS = {{"etl", "data"}, {"spark", "data"}, {"reports", "analytics"},
            {"adhoc", "analytics"}, {"ml", "ml"}, {"backfill", "ml"}};
    static final String[][] ROLES = {{"data", "2"}, {"analytics", "1"}, {"ml", "1"}};

    final List<Agent> agents = new ArrayList<>();
    final List<Task> tasks = new ArrayList<>();

    Scenario(int agentCount, int taskCount, long seed) {
        Random rnd = new Random(seed);
        int[] cpus = {8, 16, 32, 48};
        for (int i = 0; i < agentCount; i++) {
            int c = cpus[rnd.nextInt(cpus.length)];
            agents.add(new Agent("agent-" + i, RACKS[i % RACKS.length],
                    new Resources(c, c * 4096L, 200_000, 0, PortRanges.of(31000, 31999))));
        }
        double[] taskCpus = {0.25, 0.5, 1, 2, 4};
        long[] taskMem = {256, 512, 1024, 2048, 8192};
        for (int i = 0; i < taskCount; i++) {
            String fw = FRAMEWORKS[rnd.nextInt(FRAMEWORKS.length)][0];
            int size = rnd.nextInt(taskCpus.length);
            String job = fw + "-job-" + (i / 50);
            int kind = rnd.nextInt(100);
            List<Constraint> cs;
            if (kind < 10) {
                cs = List.of(new Constraint("rack", Constraint.Operator.EQUALS, RACKS[rnd.nextInt(RACKS.length)]));
            } else if (kind < 15) {
                cs = List.of(new Constraint("hostname", Constraint.Operator.UNIQUE, null));
            } else if (kind < 20) {
                cs = List.of(new Constraint("rack", Constraint.Operator.MAX_PER, "20"));
            } else {
                cs = List.of();
            }
            tasks.add(new Task(i, fw, job, new Resources(taskCpus[size], taskMem[rnd.nextInt(size + 1)], 1024), cs));
        }
    }

    static Placement placement() {
        return Placement.BIN_PACK;
    }
}
