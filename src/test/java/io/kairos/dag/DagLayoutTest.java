package io.kairos.dag;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's drawing of the job graph and the part of a big graph it draws. */
class DagLayoutTest {

    private static JobGraph graph(String... childParent) {
        Map<String, List<String>> parents = new HashMap<>();
        for (int i = 0; i < childParent.length; i += 2) {
            parents.computeIfAbsent(childParent[i], k -> new java.util.ArrayList<>()).add(childParent[i + 1]);
        }
        return JobGraph.of(parents);
    }

    private static Map<String, Layout.Box> boxes(JobGraph g) {
        return Layout.of(g.topologicalOrder(), g.edges()).boxes().stream()
                .collect(Collectors.toMap(Layout.Box::name, Function.identity()));
    }

    @Test
    void every_job_is_drawn_right_of_all_its_parents() {
        JobGraph g = graph("b", "a", "c", "b", "d", "a", "d", "c");
        Map<String, Layout.Box> at = boxes(g);
        for (JobGraph.Edge e : g.edges()) {
            assertTrue(at.get(e.to()).x() >= at.get(e.from()).x() + Layout.NODE_WIDTH, e.toString());
        }
        assertEquals(at.get("a").x() + 3 * (at.get("b").x() - at.get("a").x()), at.get("d").x(), "d sits one layer right of c");
    }

    @Test
    void boxes_do_not_overlap_and_the_canvas_holds_them_all() {
        JobGraph g = graph("b", "a", "c", "a", "d", "a", "e", "b", "e", "c", "f", "d", "x", "y");
        Layout.Drawing d = Layout.of(g.topologicalOrder(), g.edges());
        assertEquals(8, d.boxes().size());
        for (Layout.Box p : d.boxes()) {
            assertTrue(p.x() + Layout.NODE_WIDTH <= d.width() && p.y() + Layout.NODE_HEIGHT <= d.height(), p.toString());
            for (Layout.Box q : d.boxes()) {
                boolean apart = p == q || p.x() + Layout.NODE_WIDTH <= q.x() || q.x() + Layout.NODE_WIDTH <= p.x()
                        || p.y() + Layout.NODE_HEIGHT <= q.y() || q.y() + Layout.NODE_HEIGHT <= p.y();
                assertTrue(apart, p + " overlaps " + q);
            }
        }
        assertEquals(g.edges().size(), d.lines().size());
    }

    @Test
    void unconnected_parts_are_drawn_one_below_the_other() {
        JobGraph g = graph("b", "a", "c", "b", "q", "p", "y", "x");
        Map<String, Layout.Box> at = boxes(g);
        int bottomOfAbc = at.get("a").y() + Layout.NODE_HEIGHT;
        assertTrue(at.get("p").y() >= bottomOfAbc && at.get("q").y() >= bottomOfAbc, "p-q below a-b-c");
        assertTrue(at.get("x").y() >= at.get("p").y() + Layout.NODE_HEIGHT, "x-y below p-q");
        assertEquals(at.get("a").x(), at.get("p").x(), "each part starts at the left");
    }

    @Test
    void an_edge_skipping_layers_runs_through_each_layer_between() {
        JobGraph g = graph("b", "a", "c", "b", "c", "a");
        Layout.Line skip = Layout.of(g.topologicalOrder(), g.edges()).lines().stream()
                .filter(l -> l.from().equals("a") && l.to().equals("c")).findFirst().orElseThrow();
        assertEquals(2, skip.path().split("C").length - 1, "one curve into the placeholder, one out: " + skip.path());
        assertTrue(skip.path().contains("L"), skip.path());
    }

    @Test
    void around_a_job_is_its_connected_component_nearest_first_within_the_cap() {
        JobGraph g = graph("b", "a", "c", "b", "d", "c", "e", "d", "q", "p");
        assertEquals(Set.of("a", "b", "c", "d", "e"), Excerpt.around(g, "c", 100).jobs());
        assertFalse(Excerpt.around(g, "c", 100).capped());
        Excerpt.Selection near = Excerpt.around(g, "c", 3);
        assertEquals(Set.of("b", "c", "d"), near.jobs());
        assertTrue(near.capped());
    }

    @Test
    void the_whole_graph_takes_whole_components_largest_first_while_they_fit() {
        JobGraph g = graph("b", "a", "c", "b", "q", "p", "y", "x");
        Excerpt.Selection all = Excerpt.whole(g, 100);
        assertEquals(7, all.jobs().size());
        Excerpt.Selection some = Excerpt.whole(g, 5);
        assertEquals(Set.of("a", "b", "c", "p", "q"), some.jobs());
        assertTrue(some.capped());
        assertEquals(2, Excerpt.whole(g, 2).jobs().size(), "a component larger than the cap is cut, not dropped");
    }
}
