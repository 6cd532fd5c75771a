package io.kairos.framework;

import io.kairos.framework.placement.Constraint;
import io.kairos.framework.placement.Placement;
import io.kairos.framework.placement.JobSpread;

import io.kairos.allocator.AgentId;
import io.kairos.allocator.Allocator;
import io.kairos.allocator.FrameworkId;
import io.kairos.allocator.Resources;
import io.kairos.allocator.Role;
import io.kairos.framework.BatchFramework.Decision;
import io.kairos.framework.BatchFramework.Running;
import io.kairos.framework.BatchFramework.Task;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.kairos.allocator.AgentBuilder.anAgent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchFrameworkTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final FrameworkId BATCH = new FrameworkId("batch");
    private static final Resources SMALL = new Resources(1, 512, 0);
    private final Allocator allocator = new Allocator(Duration.ofSeconds(30));
    private final BatchFramework batch = new BatchFramework(BATCH, Duration.ofSeconds(5));
    private final List<Running> running = new ArrayList<>();
    private long nextRun = 1;

    BatchFrameworkTest() {
        allocator.putRole(Role.of("batch"));
        allocator.addFramework(BATCH, "batch");
    }

    private Decision place(Task... tasks) {
        BatchFramework.Round round = batch.round(List.of(tasks), running);
        return round.decision(allocator.allocate(T0, Map.of(BATCH, round)));
    }

    private Task task(String job, Resources r, String... constraint) {
        List<Constraint> cs = constraint.length == 0 ? List.of() : Constraint.parse(List.of(List.of(constraint)));
        return new Task(nextRun++, job, r, 0, cs, Placement.BIN_PACK);
    }

    private static AgentId agentOf(Decision d, int i) {
        return d.launches().get(i).agent();
    }

    @Test
    void a_task_goes_to_the_tightest_agent_that_fits_it() {
        anAgent("big").cpus(8).mem(8192).addTo(allocator);
        anAgent("small").cpus(1).mem(1024).addTo(allocator);
        assertEquals(new AgentId("small"), agentOf(place(task("j", SMALL)), 0));
    }

    @Test
    void a_spreading_task_goes_to_the_emptiest_agent() {
        anAgent("big").cpus(8).mem(8192).addTo(allocator);
        anAgent("small").cpus(1).mem(1024).addTo(allocator);
        Task t = new Task(1, "j", SMALL, 0, List.of(), Placement.SPREAD);
        assertEquals(new AgentId("big"), agentOf(place(t), 0));
    }

    @Test
    void tasks_fill_an_agent_and_the_one_left_over_says_why() {
        anAgent("a").cpus(2).mem(4096).addTo(allocator);
        Decision d = place(task("j", SMALL), task("j", SMALL), task("j", new Resources(1.5, 100, 0)));
        assertEquals(2, d.launches().size());
        assertEquals(new Resources(2, 1024, 0), d.used().values().iterator().next());
        assertEquals("needs 1.50 cpus; largest free agent has 0.00", d.waiting().get(3L));
    }

    @Test
    void a_task_needing_more_cpus_than_any_agent_has_free_says_so() {
        anAgent("a").cpus(1.5).addTo(allocator);
        assertEquals("needs 2.00 cpus; largest free agent has 1.50", place(task("j", new Resources(2, 64, 0))).waiting().get(1L));
    }

    @Test
    void a_task_needing_more_memory_than_any_agent_has_says_so() {
        anAgent("a").cpus(4).mem(1024).addTo(allocator);
        assertEquals("needs 2048 MiB memory; largest free agent has 1024 MiB", place(task("j", new Resources(1, 2048, 0))).waiting().get(1L));
    }

    @Test
    void with_no_agents_every_task_waits_for_resources() {
        assertEquals("waiting for free resources: no agent is registered", place(task("j", SMALL)).waiting().get(1L));
    }

    @Test
    void equals_places_only_on_the_matching_rack() {
        anAgent("a1").attr("rack", "r1").addTo(allocator);
        anAgent("a2").attr("rack", "r2").addTo(allocator);
        assertEquals(new AgentId("a2"), agentOf(place(task("j", SMALL, "rack", "EQUALS", "r2")), 0));
    }

    @Test
    void equals_on_a_value_no_agent_has_says_no_agent_matches() {
        anAgent("a1").attr("rack", "r1").addTo(allocator);
        assertEquals("no agent matches rack=r9", place(task("j", SMALL, "rack", "EQUALS", "r9")).waiting().get(1L));
    }

    @Test
    void like_matches_the_whole_value_as_a_regex() {
        anAgent("a1").attr("rack", "r10").addTo(allocator);
        anAgent("a2").attr("rack", "r2").addTo(allocator);
        assertEquals(new AgentId("a2"), agentOf(place(task("j", SMALL, "rack", "LIKE", "r[0-9]")), 0));
        assertEquals("no agent matches rack LIKE r3", place(task("j", SMALL, "rack", "LIKE", "r3")).waiting().get(2L));
    }

    @Test
    void unlike_keeps_a_task_off_matching_agents() {
        anAgent("a1").cpus(1).attr("rack", "r1").addTo(allocator);
        anAgent("a2").cpus(8).attr("rack", "r2").addTo(allocator);
        assertEquals(new AgentId("a2"), agentOf(place(task("j", SMALL, "rack", "UNLIKE", "r1")), 0));
        assertEquals("no agent matches rack UNLIKE r.*", place(task("j", SMALL, "rack", "UNLIKE", "r.*")).waiting().get(2L));
    }

    @Test
    void unique_puts_each_task_of_a_job_on_its_own_host_and_says_when_hosts_run_out() {
        anAgent("a1").cpus(8).addTo(allocator);
        anAgent("a2").cpus(8).addTo(allocator);
        Decision d = place(task("j", SMALL, "hostname", "UNIQUE"), task("j", SMALL, "hostname", "UNIQUE"),
                task("j", SMALL, "hostname", "UNIQUE"));
        assertEquals(2, d.launches().size());
        assertTrue(!agentOf(d, 0).equals(agentOf(d, 1)));
        assertTrue(d.waiting().get(3L).startsWith("constraints rule out every agent with room: hostname UNIQUE: job j already runs on hostname="),
                d.waiting().get(3L));
    }

    @Test
    void unique_counts_tasks_of_the_job_that_already_run() {
        AgentId a1 = anAgent("a1").cpus(8).addTo(allocator);
        anAgent("a2").cpus(2).addTo(allocator);
        running.add(new Running("j", new AgentId("a2")));
        assertEquals(a1, agentOf(place(task("j", SMALL, "hostname", "UNIQUE")), 0));
        assertEquals(new AgentId("a2"), agentOf(place(task("other-job", SMALL, "hostname", "UNIQUE")), 0));
    }

    @Test
    void running_tasks_count_for_a_job_whose_first_task_comes_late_in_the_queue() {
        AgentId a1 = anAgent("a1").cpus(4).addTo(allocator);
        AgentId a2 = anAgent("a2").cpus(8).addTo(allocator);
        running.add(new Running("gone", a2));
        running.add(new Running("j", a1));
        Decision d = place(task("other", SMALL), task("other", SMALL), task("j", SMALL, "hostname", "UNIQUE"));
        assertEquals(a1, agentOf(d, 0), "bin-packing fills the tighter agent first");
        assertEquals(a2, agentOf(d, 2), "j already runs on a1");
    }

    @Test
    void allows_answers_as_check_does_for_every_operator() {
        anAgent("a1").cpus(8).attr("rack", "r1").addTo(allocator);
        anAgent("a2").cpus(8).attr("rack", "r2").addTo(allocator);
        anAgent("a3").cpus(8).addTo(allocator);
        JobSpread spread = new JobSpread("j");
        List<Constraint> all = Constraint.parse(List.of(List.of("rack", "EQUALS", "r1"), List.of("rack", "LIKE", "r[12]"),
                List.of("rack", "UNLIKE", "r1"), List.of("hostname", "UNIQUE"), List.of("rack", "CLUSTER"),
                List.of("rack", "CLUSTER", "r2"), List.of("rack", "GROUP_BY", "2"), List.of("rack", "MAX_PER", "1")));
        for (int placed = 0; placed < 3; placed++) {
            for (var agent : allocator.agents()) {
                var free = new io.kairos.allocator.FreeAgent() {
                    @Override public AgentId id() { return agent.id(); }
                    @Override public String hostname() { return agent.hostname(); }
                    @Override public Map<String, String> attributes() { return agent.attributes(); }
                    @Override public Resources total() { return agent.total(); }
                    @Override public Resources free() { return agent.free(); }
                    @Override public boolean draining() { return agent.draining(); }
                };
                for (Constraint c : all) {
                    assertEquals(c.check(free, spread).fits(), c.allows(free, spread), c + " on " + agent.hostname() + " after " + placed);
                }
            }
            spread.add(Map.of("hostname", "a1", "rack", "r1"));
        }
    }

    @Test
    void cluster_follows_where_the_job_already_runs() {
        anAgent("a1").cpus(1).attr("rack", "r1").addTo(allocator);
        anAgent("a2").cpus(8).attr("rack", "r2").addTo(allocator);
        running.add(new Running("j", new AgentId("a2")));
        assertEquals(new AgentId("a2"), agentOf(place(task("j", SMALL, "rack", "CLUSTER")), 0));
    }

    @Test
    void cluster_with_a_value_refuses_other_values() {
        anAgent("a1").attr("rack", "r1").addTo(allocator);
        assertEquals(new AgentId("a1"), agentOf(place(task("j", SMALL, "rack", "CLUSTER", "r1")), 0));
        assertEquals("no agent matches rack CLUSTER r2", place(task("j", SMALL, "rack", "CLUSTER", "r2")).waiting().get(2L));
    }

    @Test
    void group_by_spreads_a_job_evenly_over_the_values() {
        anAgent("a1").cpus(8).attr("rack", "r1").addTo(allocator);
        anAgent("a2").cpus(2).attr("rack", "r2").addTo(allocator);
        running.add(new Running("j", new AgentId("a2")));
        // bin-packing alone would pick a2 (tighter); GROUP_BY sends it to r1, which has none yet
        assertEquals(new AgentId("a1"), agentOf(place(task("j", SMALL, "rack", "GROUP_BY", "2")), 0));
    }

    @Test
    void group_by_refuses_a_value_ahead_of_the_others() {
        anAgent("a1").cpus(8).attr("rack", "r1").addTo(allocator);
        anAgent("a2").cpus(1).mem(256).attr("rack", "r2").addTo(allocator);
        running.add(new Running("j", new AgentId("a1")));
        running.add(new Running("j", new AgentId("a2")));
        running.add(new Running("j", new AgentId("a1")));
        assertEquals("constraints rule out every agent with room: rack GROUP_BY: job j has 2 on rack=r1, fewest elsewhere is 1",
                place(task("j", SMALL, "rack", "GROUP_BY")).waiting().get(1L));
    }

    @Test
    void max_per_caps_a_job_per_value() {
        anAgent("a1").cpus(8).attr("rack", "r1").addTo(allocator);
        Decision d = place(task("j", SMALL, "rack", "MAX_PER", "2"), task("j", SMALL, "rack", "MAX_PER", "2"),
                task("j", SMALL, "rack", "MAX_PER", "2"));
        assertEquals(2, d.launches().size());
        assertEquals("constraints rule out every agent with room: rack MAX_PER 2: job j has 2 on rack=r1", d.waiting().get(3L));
    }

    @Test
    void a_missing_attribute_fails_a_constraint_that_needs_it() {
        anAgent("a1").addTo(allocator);
        assertEquals("no agent matches zone=z1", place(task("j", SMALL, "zone", "EQUALS", "z1")).waiting().get(1L));
    }

    @Test
    void a_task_past_its_role_limit_says_role_limit_reached() {
        allocator.putRole(new Role("batch", 1, null, new Resources(1, 100_000, 100_000)));
        anAgent("a1").cpus(8).addTo(allocator);
        Decision d = place(task("j", SMALL), task("j", SMALL));
        assertEquals(1, d.launches().size());
        assertTrue(d.waiting().get(2L).startsWith("role limit reached"), d.waiting().get(2L));
    }

    @Test
    void a_task_that_would_fit_only_a_draining_agent_says_so() {
        AgentId a1 = anAgent("a1").cpus(8).addTo(allocator);
        anAgent("a2").cpus(1).addTo(allocator);
        allocator.drain(a1);
        assertEquals("agent draining: a1 takes no new tasks", place(task("j", new Resources(4, 64, 0))).waiting().get(1L));
    }

    @Test
    void a_task_gets_free_ports_of_its_agent() {
        anAgent("a1").cpus(8).ports(31000, 31001).addTo(allocator);
        Decision d = place(new Task(1, "j", SMALL, 2, List.of(), Placement.BIN_PACK),
                new Task(2, "j", SMALL, 1, List.of(), Placement.BIN_PACK));
        assertEquals("[31000-31001]", d.launches().get(0).resources().ports().toString());
        assertEquals("needs 1 ports; largest free agent has 0", d.waiting().get(2L));
    }

    @Test
    void constraints_parse_from_marathons_form_and_reject_bad_ones() {
        List<Constraint> cs = Constraint.parse(List.of(List.of("rack", "EQUALS", "r1"), List.of("hostname", "UNIQUE"),
                List.of("rack", "GROUP_BY"), List.of("rack", "MAX_PER", "3")));
        assertEquals("[rack=r1, hostname UNIQUE, rack GROUP_BY, rack MAX_PER 3]", cs.toString());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Constraint.parse(List.of(List.of("rack", "MAX_PER"))));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Constraint.parse(List.of(List.of("rack", "NEAR", "r1"))));
    }
}
