package io.kairos.dag;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DagGraphTest {

    /** a -> {b, c} -> d, plus a lone job e. */
    private static final JobGraph DIAMOND = JobGraph.of(Set.of("e"), Map.of("b", List.of("a"), "c", List.of("a"), "d", List.of("b", "c")));

    @Test
    void an_acyclic_graph_has_no_cycle_through_any_job() {
        for (String job : List.of("a", "b", "c", "d", "e")) {
            assertEquals(Optional.empty(), DIAMOND.cycleThrough(job), job);
        }
    }

    @Test
    void a_change_that_closes_a_cycle_is_spelled_out_from_the_changed_job() {
        JobGraph chain = JobGraph.of(Map.of("b", List.of("a"), "c", List.of("b")));
        List<String> cycle = chain.withParents("a", List.of("c")).cycleThrough("a").orElseThrow();
        assertEquals("a -> b -> c -> a", JobGraph.spell(cycle));
    }

    @Test
    void the_shortest_cycle_is_reported() {
        JobGraph g = DIAMOND.withParents("a", List.of("d", "b"));
        assertEquals("a -> b -> a", JobGraph.spell(g.cycleThrough("a").orElseThrow()));
    }

    @Test
    void a_job_that_is_its_own_parent_is_a_cycle() {
        assertEquals("x -> x", JobGraph.spell(JobGraph.of(Map.of()).withParents("x", List.of("x")).cycleThrough("x").orElseThrow()));
    }

    @Test
    void removing_a_jobs_parents_breaks_the_cycle_through_it() {
        JobGraph cyclic = DIAMOND.withParents("a", List.of("d"));
        assertTrue(cyclic.cycleThrough("a").isPresent());
        assertEquals(Optional.empty(), cyclic.withParents("a", List.of()).cycleThrough("a"));
    }

    @Test
    void topological_order_puts_every_job_after_its_parents_and_breaks_ties_by_name() {
        assertEquals(List.of("a", "b", "c", "d", "e"), DIAMOND.topologicalOrder());
        JobGraph g = JobGraph.of(Map.of("a", List.of("z"), "m", List.of("a", "z")));
        assertEquals(List.of("z", "a", "m"), g.topologicalOrder());
    }

    @Test
    void children_edges_and_descendants_follow_the_parents_lists() {
        assertEquals(List.of("b", "c"), DIAMOND.childrenOf("a"));
        assertEquals(List.of(), DIAMOND.childrenOf("d"));
        assertEquals(Set.of("b", "c", "d"), DIAMOND.descendantsOf("a"));
        assertEquals(List.of(new JobGraph.Edge("a", "b"), new JobGraph.Edge("a", "c"), new JobGraph.Edge("b", "d"),
                new JobGraph.Edge("c", "d")), DIAMOND.edges());
    }

    @Test
    void dot_names_every_node_and_edge_and_escapes_labels() {
        String dot = Dot.render(List.of(new Dot.Node("a", "SUCCEEDED", "cron 0 2 * * * \"Berlin\"", true, false),
                new Dot.Node("b", null, null, false, true)), List.of(new JobGraph.Edge("a", "b")));
        assertTrue(dot.startsWith("digraph kairos {"), dot);
        assertTrue(dot.contains("\"a\" [label=\"a\\ncron 0 2 * * * \\\"Berlin\\\"\\nSUCCEEDED\", color=green];"), dot);
        assertTrue(dot.contains("\"b\" [label=\"b\\nnever ran\", style=\"rounded,dashed\", peripheries=2];"), dot);
        assertTrue(dot.contains("\"a\" -> \"b\";"), dot);
        assertTrue(dot.endsWith("}\n"), dot);
    }
}
