package io.kairos.dag;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Jobs and their dependencies, by name: an edge runs from a parent to a child that waits for it.
 * Immutable; {@link #withParents} gives the graph a change would make, so a change can be checked
 * before it is stored.
 */
public final class JobGraph {

    /** child -> its parents, in the order the child lists them. */
    private final Map<String, List<String>> parents;
    /** every job, including those with neither parents nor children. */
    private final Set<String> jobs;

    private JobGraph(Set<String> jobs, Map<String, List<String>> parents) {
        this.jobs = jobs;
        this.parents = parents;
    }

    /** @param parents child -> its parents; jobs named only as a parent are added as nodes */
    public static JobGraph of(Set<String> jobs, Map<String, List<String>> parents) {
        Set<String> all = new TreeSet<>(jobs);
        Map<String, List<String>> copy = new TreeMap<>();
        parents.forEach((child, ps) -> {
            if (!ps.isEmpty()) {
                copy.put(child, List.copyOf(ps));
                all.add(child);
                all.addAll(ps);
            }
        });
        return new JobGraph(Set.copyOf(all), copy);
    }

    public static JobGraph of(Map<String, List<String>> parents) {
        return of(Set.of(), parents);
    }

    /** The graph with {@code job}'s parents replaced (an empty list removes them). */
    public JobGraph withParents(String job, List<String> newParents) {
        Map<String, List<String>> copy = new TreeMap<>(parents);
        copy.put(job, newParents);
        Set<String> all = new TreeSet<>(jobs);
        all.add(job);
        return of(all, copy);
    }

    /** The graph with {@code more} jobs as nodes (those without edges included). */
    public JobGraph withJobs(java.util.Collection<String> more) {
        Set<String> all = new TreeSet<>(jobs);
        all.addAll(more);
        return of(all, parents);
    }

    public List<String> parentsOf(String job) {
        return parents.getOrDefault(job, List.of());
    }

    /** Children of {@code job}, by name. */
    public List<String> childrenOf(String job) {
        List<String> out = new ArrayList<>();
        parents.forEach((child, ps) -> {
            if (ps.contains(job)) {
                out.add(child);
            }
        });
        return out;
    }

    /** Every edge, parent to child, ordered by child then by the child's order of parents. */
    public List<Edge> edges() {
        List<Edge> out = new ArrayList<>();
        parents.forEach((child, ps) -> ps.forEach(p -> out.add(new Edge(p, child))));
        return out;
    }

    /**
     * A cycle through {@code job}, if the graph has one: the path along edges from {@code job}
     * back to itself, e.g. {@code [a, b, c, a]}. Only a job with parents can close a cycle, so
     * checking the job a change touches is enough when the graph was acyclic before.
     */
    public Optional<List<String>> cycleThrough(String job) {
        Map<String, List<String>> children = childrenIndex();
        // breadth first, so the shortest cycle is the one reported
        Map<String, String> reachedFrom = new HashMap<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(job);
        while (!todo.isEmpty()) {
            String at = todo.poll();
            for (String next : children.getOrDefault(at, List.of())) {
                if (next.equals(job)) {
                    List<String> path = new ArrayList<>();
                    path.add(job);
                    for (String step = at; !step.equals(job); step = reachedFrom.get(step)) {
                        path.add(1, step);
                    }
                    path.add(job);
                    return Optional.of(path);
                }
                if (reachedFrom.putIfAbsent(next, at) == null) {
                    todo.add(next);
                }
            }
        }
        return Optional.empty();
    }

    /** {@code [a, b, c, a]} as {@code "a -> b -> c -> a"}. */
    public static String spell(List<String> path) {
        return String.join(" -> ", path);
    }

    /**
     * Every job, each after all its parents; among jobs whose parents are all placed, by name, so
     * the order is stable. Jobs on a cycle (which a stored graph never has) come last, by name.
     */
    public List<String> topologicalOrder() {
        Map<String, Integer> waitingFor = new HashMap<>();
        jobs.forEach(j -> waitingFor.put(j, (int) parentsOf(j).stream().distinct().count()));
        Map<String, List<String>> children = childrenIndex();
        PriorityQueue<String> ready = new PriorityQueue<>();
        waitingFor.forEach((j, n) -> {
            if (n == 0) {
                ready.add(j);
            }
        });
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String j = ready.poll();
            order.add(j);
            for (String c : children.getOrDefault(j, List.of())) {
                if (waitingFor.merge(c, -1, Integer::sum) == 0) {
                    ready.add(c);
                }
            }
        }
        new TreeSet<>(jobs).stream().filter(j -> !order.contains(j)).forEach(order::add);
        return order;
    }

    /** Everything that runs, directly or not, after {@code job} succeeds, by name. */
    public Set<String> descendantsOf(String job) {
        Map<String, List<String>> children = childrenIndex();
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(children.getOrDefault(job, List.of()));
        while (!todo.isEmpty()) {
            String j = todo.poll();
            if (seen.add(j)) {
                todo.addAll(children.getOrDefault(j, List.of()));
            }
        }
        return seen;
    }

    private Map<String, List<String>> childrenIndex() {
        Map<String, List<String>> children = new LinkedHashMap<>();
        parents.forEach((child, ps) -> ps.stream().distinct()
                .forEach(p -> children.computeIfAbsent(p, k -> new ArrayList<>()).add(child)));
        return children;
    }

    /** A dependency: {@code to} waits for {@code from}. */
    public record Edge(String from, String to) {
    }
}
