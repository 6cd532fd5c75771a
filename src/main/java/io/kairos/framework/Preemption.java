package io.kairos.framework;

import io.kairos.allocator.AgentId;
import io.kairos.allocator.Allocator;
import io.kairos.allocator.Resources;
import io.kairos.task.TaskId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which revocable tasks to preempt so that a task owed its role's quota fits: on one agent, the fewest that free enough,
 * taking the lowest priority first, then the youngest. Pure.
 */
public final class Preemption {

    private Preemption() {
    }

    /** A revocable task that could be preempted. */
    public record Candidate(TaskId task, AgentId agent, Resources resources, int priority, Instant since, String job) {
    }

    public record Choice(AgentId agent, List<Candidate> victims) {
    }

    /**
     * @param need  the scalars the waiting task needs
     * @param ports how many ports it needs
     * @return the victims on the agent where the fewest free enough; empty when no agent would do (or one has room
     *         already: the task waits for something preemption cannot give)
     */
    public static Optional<Choice> choose(Resources need, int ports, List<Allocator.AgentView> agents, List<Candidate> candidates) {
        Map<AgentId, List<Candidate>> byAgent = candidates.stream().collect(Collectors.groupingBy(Candidate::agent));
        Choice best = null;
        for (Allocator.AgentView a : agents) {
            if (a.draining()) {
                continue;
            }
            if (fits(a.free(), need, ports)) {
                return Optional.empty();
            }
            List<Candidate> here = new ArrayList<>(byAgent.getOrDefault(a.id(), List.of()));
            here.sort(Comparator.comparingInt(Candidate::priority).thenComparing(Candidate::since, Comparator.reverseOrder()));
            Resources free = a.free();
            List<Candidate> victims = new ArrayList<>();
            for (Candidate c : here) {
                free = free.plus(c.resources());
                victims.add(c);
                if (fits(free, need, ports)) {
                    break;
                }
            }
            if (!fits(free, need, ports)) {
                continue;
            }
            if (best == null || victims.size() < best.victims().size()
                    || victims.size() == best.victims().size() && priorities(victims) < priorities(best.victims())) {
                best = new Choice(a.id(), List.copyOf(victims));
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean fits(Resources free, Resources need, int ports) {
        return free.fitsScalars(need) && free.ports().count() >= ports;
    }

    private static long priorities(List<Candidate> victims) {
        return victims.stream().mapToLong(Candidate::priority).sum();
    }
}
