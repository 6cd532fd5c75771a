package io.kairos.dag;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which jobs of a big dependency graph to draw: a drawing of thousands of boxes helps nobody, so a
 * page shows at most {@code cap} jobs. Around one job: its connected component (parents, children,
 * their parents...), nearest jobs first when the component is larger than the cap. The whole graph:
 * whole components, largest first, while they fit.
 */
public final class Excerpt {

    private Excerpt() {
    }

    /** The jobs chosen, and whether jobs were left out because of the cap. */
    public record Selection(Set<String> jobs, boolean capped) {
    }

    /** {@code job} and the jobs connected to it, breadth first (undirected), at most {@code cap}. */
    public static Selection around(JobGraph graph, String job, int cap) {
        return around(neighbours(graph), job, cap);
    }

    private static Selection around(Map<String, List<String>> neighbours, String job, int cap) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(job));
        seen.add(job);
        boolean capped = false;
        while (!todo.isEmpty()) {
            for (String n : neighbours.getOrDefault(todo.poll(), List.of())) {
                if (seen.contains(n)) {
                    continue;
                }
                if (seen.size() >= cap) {
                    capped = true;
                    todo.clear();
                    break;
                }
                seen.add(n);
                todo.add(n);
            }
        }
        return new Selection(seen, capped);
    }

    /** Jobs that have a parent or a child, as whole components (largest first, then by name) within {@code cap}. */
    public static Selection whole(JobGraph graph, int cap) {
        Map<String, List<String>> neighbours = neighbours(graph);
        List<Set<String>> components = new ArrayList<>();
        Set<String> done = new TreeSet<>();
        for (String start : new TreeSet<>(neighbours.keySet())) {
            if (done.contains(start)) {
                continue;
            }
            Set<String> component = around(neighbours, start, Integer.MAX_VALUE).jobs();
            done.addAll(component);
            components.add(component);
        }
        components.sort(Comparator.<Set<String>>comparingInt(Set::size).reversed());
        Set<String> out = new LinkedHashSet<>();
        boolean capped = false;
        for (Set<String> c : components) {
            if (out.size() + c.size() <= cap) {
                out.addAll(c);
            } else {
                capped = true;
                if (out.isEmpty()) {
                    // even the largest component alone is too big: its part nearest its first job
                    out.addAll(around(neighbours, new TreeSet<>(c).first(), cap).jobs());
                }
            }
        }
        return new Selection(out, capped);
    }

    private static Map<String, List<String>> neighbours(JobGraph graph) {
        Map<String, List<String>> out = new HashMap<>();
        for (JobGraph.Edge e : graph.edges()) {
            out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
            out.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from());
        }
        out.values().forEach(l -> l.sort(null));
        return out;
    }
}
