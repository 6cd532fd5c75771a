package io.kairos.bench;

import io.kairos.allocator.AgentId;
import io.kairos.allocator.Allocation;
import io.kairos.allocator.Allocator;
import io.kairos.allocator.FrameworkId;
import io.kairos.allocator.OfferId;
import io.kairos.allocator.Resources;
import io.kairos.allocator.Role;
import io.kairos.framework.BatchFramework;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Drives Kairos' allocator and batch frameworks over the scenario until everything is placed or nothing more fits. */
final class KairosRun {
    /** Tasks each framework puts up per cycle, as the Dispatcher's queue batch does. */
    static final int WINDOW = 1000;

    record Result(long placed, double seconds, List<Double> cycleMs, Map<String, Double> sharesByRole, int cycles) {
    }

    static Result run(Scenario s) {
        Allocator allocator = new Allocator(Duration.ofSeconds(30));
        for (String[] r : Scenario.ROLES) {
            allocator.putRole(new Role(r[0], Double.parseDouble(r[1]), null, null));
        }
        Map<FrameworkId, BatchFramework> frameworks = new LinkedHashMap<>();
        Map<FrameworkId, Deque<BatchFramework.Task>> queues = new LinkedHashMap<>();
        for (String[] f : Scenario.FRAMEWORKS) {
            FrameworkId id = new FrameworkId(f[0]);
            allocator.addFramework(id, f[1]);
            frameworks.put(id, new BatchFramework(id, Duration.ofSeconds(5)));
            queues.put(id, new ArrayDeque<>());
        }
        for (Scenario.Agent a : s.agents) {
            allocator.addAgent(new AgentId(a.id()), a.id(), a.total(), Map.of("rack", a.rack()));
        }
        for (Scenario.Task t : s.tasks) {
            queues.get(new FrameworkId(t.framework())).add(new BatchFramework.Task(t.id(), t.job(), t.needs(), 0,
                    t.constraints(), Scenario.placement()));
        }
        // running tasks by framework and job: a cycle hands each round those of the jobs in its window,
        // as a query for "running tasks of these jobs" would, not every task the framework ever placed
        Map<FrameworkId, Map<String, List<BatchFramework.Running>>> running = new HashMap<>();
        List<Double> cycleMs = new ArrayList<>();
        long placed = 0;
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        // the 100,000 tasks were all built just now; a running leader holds its queue as old data, so let
        // them settle before the clock starts instead of being copied by the first collections inside it
        System.gc();
        long start = System.nanoTime();
        int cycles = 0;
        while (true) {
            long c0 = System.nanoTime();
            Map<FrameworkId, BatchFramework.Round> rounds = new LinkedHashMap<>();
            Map<FrameworkId, List<BatchFramework.Task>> windows = new HashMap<>();
            for (var e : frameworks.entrySet()) {
                Deque<BatchFramework.Task> q = queues.get(e.getKey());
                if (q.isEmpty()) {
                    continue;
                }
                List<BatchFramework.Task> window = new ArrayList<>(Math.min(WINDOW, q.size()));
                var it = q.iterator();
                while (it.hasNext() && window.size() < WINDOW) {
                    window.add(it.next());
                }
                windows.put(e.getKey(), window);
                Map<String, List<BatchFramework.Running>> byJob = running.getOrDefault(e.getKey(), Map.of());
                List<BatchFramework.Running> ofWindow = new ArrayList<>();
                window.stream().map(BatchFramework.Task::job).distinct()
                        .forEach(job -> ofWindow.addAll(byJob.getOrDefault(job, List.of())));
                rounds.put(e.getKey(), e.getValue().round(window, ofWindow));
            }
            if (rounds.isEmpty()) {
                break;
            }
            Allocation allocation = allocator.allocate(now, rounds);
            long cyclePlaced = 0;
            for (var e : rounds.entrySet()) {
                BatchFramework.Decision d = e.getValue().decision(allocation);
                for (Map.Entry<OfferId, Resources> u : d.used().entrySet()) {
                    allocator.accept(u.getKey(), u.getValue());
                }
                Instant at = now;
                d.declined().forEach(o -> allocator.decline(o, d.refuse(), at));
                Map<String, List<BatchFramework.Running>> r = running.computeIfAbsent(e.getKey(), k -> new HashMap<>());
                Map<Long, BatchFramework.Task> windowTasks = new HashMap<>();
                windows.get(e.getKey()).forEach(t -> windowTasks.put(t.runId(), t));
                for (BatchFramework.Launch l : d.launches()) {
                    String job = windowTasks.remove(l.runId()).job();
                    r.computeIfAbsent(job, k -> new ArrayList<>()).add(new BatchFramework.Running(job, l.agent()));
                }
                // only the window was offered: take it off the head of the queue, put back what is left, in order
                Deque<BatchFramework.Task> q = queues.get(e.getKey());
                List<BatchFramework.Task> window = windows.get(e.getKey());
                for (int i = 0; i < window.size(); i++) {
                    q.pollFirst();
                }
                for (int i = window.size() - 1; i >= 0; i--) {
                    if (windowTasks.containsKey(window.get(i).runId())) {
                        q.addFirst(window.get(i));
                    }
                }
                cyclePlaced += d.launches().size();
            }
            cycleMs.add((System.nanoTime() - c0) / 1e6);
            cycles++;
            placed += cyclePlaced;
            if (cyclePlaced == 0) {
                break;
            }
            now = now.plusSeconds(1);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> shares = new LinkedHashMap<>();
        for (String[] r : Scenario.ROLES) {
            shares.put(r[0], allocator.share(r[0]));
        }
        return new Result(placed, seconds, cycleMs, shares, cycles);
    }
}
