package io.kairos.framework;

import io.kairos.allocator.AgentId;
import io.kairos.allocator.Allocator;
import io.kairos.allocator.PortRanges;
import io.kairos.allocator.Resources;
import io.kairos.task.TaskId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreemptionTest {

    private static final Instant T = Instant.parse("2026-12-03T10:00:00Z");

    private static Allocator.AgentView agent(String id, double freeCpus) {
        Resources total = new Resources(8, 8192, 0);
        Resources free = new Resources(freeCpus, 8192, 0).withPorts(PortRanges.parse("31000-31009"));
        return new Allocator.AgentView(new AgentId(id), id, Map.of("hostname", id), total, total.minusClamped(free), free, false);
    }

    private static Preemption.Candidate run(long task, String agent, double cpus, int priority, int startedSecondsAgo) {
        return new Preemption.Candidate(new TaskId(task), new AgentId(agent), new Resources(cpus, 0, 0), priority,
                T.minusSeconds(startedSecondsAgo), "job-" + task);
    }

    private static List<Long> victims(Optional<Preemption.Choice> c) {
        return c.orElseThrow().victims().stream().map(v -> v.task().value()).toList();
    }

    @Test
    void the_agent_where_the_fewest_runs_free_enough_is_chosen() {
        Optional<Preemption.Choice> c = Preemption.choose(new Resources(2, 0, 0), 0,
                List.of(agent("a", 0), agent("b", 0.5)),
                List.of(run(1, "a", 1, 0, 10), run(2, "a", 1, 0, 20), run(3, "b", 2, 0, 30)));
        assertEquals("b", c.orElseThrow().agent().value());
        assertEquals(List.of(3L), victims(c));
    }

    @Test
    void the_lowest_priority_goes_first_then_the_youngest() {
        List<Preemption.Candidate> runs = List.of(run(1, "a", 1, 5, 10), run(2, "a", 1, 0, 100), run(3, "a", 1, 0, 5));
        assertEquals(List.of(3L), victims(Preemption.choose(new Resources(1, 0, 0), 0, List.of(agent("a", 0)), runs)));
        assertEquals(List.of(3L, 2L), victims(Preemption.choose(new Resources(2, 0, 0), 0, List.of(agent("a", 0)), runs)));
    }

    private static Preemption.Claimant claimant(String who, String role, double cpus, boolean revocable) {
        return new Preemption.Claimant(who, role, new Resources(cpus, 0, 0), 0, revocable);
    }

    @Test
    void resources_are_taken_back_only_on_an_agent_the_claimant_may_run_on() {
        // a is full of revocable runs, b has none: a task held to b by its constraint frees nothing on a
        List<Preemption.Candidate> runs = List.of(run(1, "a", 1, 0, 10));
        List<Allocator.AgentView> agents = List.of(agent("a", 0), agent("b", 0));
        Preemption.Claimant heldToB = new Preemption.Claimant("run 7 of job pinned", "etl", new Resources(1, 0, 0), 0, false,
                List.of(List.of("hostname", "LIKE", "b")));
        assertTrue(Preemption.first(List.of(heldToB), role -> true, agents, runs).isEmpty());
        Preemption.Claimant heldToA = new Preemption.Claimant("run 8 of job pinned", "etl", new Resources(1, 0, 0), 0, false,
                List.of(List.of("hostname", "LIKE", "a")));
        assertEquals(List.of(1L), Preemption.first(List.of(heldToA), role -> true, agents, runs).orElseThrow().choice()
                .victims().stream().map(v -> v.task().value()).toList());
        // an agent with room that it may not use does not stop it taking resources back where it may
        Preemption.Claimant elsewhere = new Preemption.Claimant("run 9 of job pinned", "etl", new Resources(1, 0, 0), 0, false,
                List.of(List.of("hostname", "LIKE", "a")));
        assertEquals("a", Preemption.first(List.of(elsewhere), role -> true, List.of(agent("a", 0), agent("b", 4)), runs)
                .orElseThrow().choice().agent().value());
    }

    @Test
    void a_revocable_task_never_preempts_and_a_role_at_its_quota_takes_nothing_back() {
        List<Preemption.Candidate> runs = List.of(run(1, "a", 1, 0, 10));
        List<Allocator.AgentView> agents = List.of(agent("a", 0));
        assertTrue(Preemption.first(List.of(claimant("run 7 of job borrower", "owed", 1, true)), role -> true, agents, runs).isEmpty());
        assertTrue(Preemption.first(List.of(claimant("run 8 of job sated", "met", 1, false)), "owed"::equals, agents, runs).isEmpty());
    }

    @Test
    void the_first_owed_task_that_preemption_makes_room_for_preempts_and_the_reason_names_it() {
        List<Preemption.Candidate> runs = List.of(run(1, "a", 1, 0, 10), run(2, "a", 1, 0, 20));
        Optional<Preemption.Preempt> p = Preemption.first(List.of(
                        claimant("run 6 of job huge", "owed", 4, false),
                        claimant("run 7 of job borrower", "owed", 1, true),
                        claimant("run 8 of job nightly", "owed", 1, false),
                        claimant("service /team/web", "owed", 1, false)),
                "owed"::equals, List.of(agent("a", 0)), runs);
        assertEquals("run 8 of job nightly", p.orElseThrow().by().who(), "a task no preemption can fit is passed over");
        assertEquals(List.of(1L), p.get().choice().victims().stream().map(v -> v.task().value()).toList());
        assertTrue(p.get().reason().startsWith("preempted by run 8 of job nightly (role owed, short of its quota), which needs 1.00 cpus"),
                p.get().reason());
        assertTrue(p.get().reason().endsWith(" on agent a"), p.get().reason());
    }

    @Test
    void nothing_is_preempted_when_the_task_fits_already_or_could_not_fit_anyway() {
        assertTrue(Preemption.choose(new Resources(1, 0, 0), 0, List.of(agent("a", 2)), List.of(run(1, "a", 1, 0, 1))).isEmpty());
        assertTrue(Preemption.choose(new Resources(4, 0, 0), 0, List.of(agent("a", 0)), List.of(run(1, "a", 1, 0, 1))).isEmpty());
    }
}
