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
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Who preempts, and which revocable tasks it preempts: the first task left unplaced that is owed its role's quota, for
 * which on one agent the fewest revocable tasks free enough, taking the lowest priority first, then the youngest. Pure.
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
     * A task left unplaced in an allocation cycle: {@code who} names it in its victims' reason ("service /team/web",
     * "run 12 of job nightly"); {@code need} (scalars) and {@code ports} are what it asks of one agent.
     */
    public record Claimant(String who, String role, Resources need, int ports, boolean revocable,
                           List<List<String>> constraints) {
        public Claimant {
            constraints = List.copyOf(constraints);
        }

        /** A claimant that may run on any agent. */
        public Claimant(String who, String role, Resources need, int ports, boolean revocable) {
            this(who, role, need, ports, revocable, List.of());
        }

        /**
         * Whether its hard constraints let it run on {@code agent}: resources are taken back only where it could
         * then go. Constraints that count the job's other tasks (UNIQUE, GROUP_BY, MAX_PER) are checked as if none
         * ran yet, so they never keep a preemption from happening; placement checks them for real afterwards.
         */
        List<Allocator.AgentView> allowed(List<Allocator.AgentView> agents) {
            if (constraints.isEmpty()) {
                return agents;
            }
            // parsed here, for a claimant that is considered, not for every task left unplaced in every cycle
            List<io.kairos.framework.placement.Constraint> parsed = io.kairos.framework.placement.Constraint.parse(constraints);
            io.kairos.framework.placement.JobSpread none = new io.kairos.framework.placement.JobSpread(who);
            return agents.stream().filter(a -> parsed.stream().allMatch(c -> c.allows(a, none))).toList();
        }
    }

    /** The victims {@code choice} names are preempted for {@code by}. */
    public record Preempt(Claimant by, Choice choice) {
        /** Why each victim is preempted: who takes what, where. */
        public String reason() {
            return "preempted by " + by.who() + " (role " + by.role() + ", short of its quota), which needs " + by.need()
                    + " on agent " + choice.agent();
        }
    }

    /**
     * The first of {@code unplaced} that is owed resources and that preemption makes room for, with its victims. Owed:
     * it is not revocable (a revocable task never preempts) and its role holds less than its quota
     * ({@code belowQuota}; a role at or above its quota takes nothing back).
     *
     * @param unplaced the cycle's tasks left unplaced, in the order they are served
     */
    public static Optional<Preempt> first(List<Claimant> unplaced, Predicate<String> belowQuota, List<Allocator.AgentView> agents,
                                          List<Candidate> candidates) {
        // a queue holds many tasks of one shape: one that found no victims tells the others
        Set<List<Object>> hopeless = new java.util.HashSet<>();
        for (Claimant c : unplaced) {
            List<Object> shape = List.of(c.need(), c.ports(), c.constraints());
            if (c.revocable() || hopeless.contains(shape) || !belowQuota.test(c.role())) {
                continue;
            }
            Optional<Choice> choice = choose(c.need(), c.ports(), c.allowed(agents), candidates);
            if (choice.isPresent()) {
                return Optional.of(new Preempt(c, choice.get()));
            }
            hopeless.add(shape);
        }
        return Optional.empty();
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
