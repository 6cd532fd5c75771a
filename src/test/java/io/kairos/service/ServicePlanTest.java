package io.kairos.service;

import io.kairos.service.InstanceLifecycle.Health;
import io.kairos.service.ServicePlan.Live;
import io.kairos.service.ServicePlan.Plan;
import io.kairos.service.ServicePlan.Target;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServicePlanTest {

    private static final Instant T = Instant.parse("2026-12-03T10:00:00Z");
    private static final ServiceDefinition.UpgradeStrategy DEFAULT = ServiceDefinition.UpgradeStrategy.DEFAULT;

    private static Live healthy(long id, long config, int startedSecondsAgo) {
        return new Live(id, config, InstanceState.RUNNING, Health.HEALTHY, T.minusSeconds(startedSecondsAgo));
    }

    private static Target target(int n, long config, ServiceDefinition.UpgradeStrategy s) {
        return new Target(n, config, s, true, false);
    }

    @Test
    void missing_instances_are_launched_and_none_while_the_back_off_holds() {
        assertEquals(3, ServicePlan.plan(target(3, 1, DEFAULT), List.of()).launch());
        assertEquals(2, ServicePlan.plan(target(3, 1, DEFAULT), List.of(healthy(1, 1, 10))).launch());
        assertEquals(0, ServicePlan.plan(new Target(3, 1, DEFAULT, true, true), List.of()).launch());
    }

    @Test
    void scaling_down_stops_instances_not_ready_first_then_the_youngest() {
        List<Live> live = List.of(healthy(1, 1, 300), healthy(2, 1, 10), healthy(3, 1, 200),
                new Live(4, 1, InstanceState.RUNNING, Health.UNHEALTHY, T.minusSeconds(400)));
        Plan p = ServicePlan.plan(target(2, 1, DEFAULT), live);
        assertEquals(List.of(4L, 2L), new ArrayList<>(p.stop().keySet()));
        assertEquals(0, p.launch());
        assertFalse(p.deploying());
    }

    @Test
    void the_default_strategy_starts_every_new_instance_before_stopping_the_old() {
        List<Live> old = List.of(healthy(1, 1, 100), healthy(2, 1, 100), healthy(3, 1, 100));
        Plan start = ServicePlan.plan(target(3, 2, DEFAULT), old);
        assertEquals(3, start.launch());
        assertTrue(start.stop().isEmpty());
        assertTrue(start.deploying());
        List<Live> both = new ArrayList<>(old);
        both.add(healthy(4, 2, 1));
        both.add(healthy(5, 2, 1));
        both.add(new Live(6, 2, InstanceState.RUNNING, Health.UNKNOWN, T));
        Plan partly = ServicePlan.plan(target(3, 2, DEFAULT), both);
        assertEquals(0, partly.launch());
        assertEquals(2, partly.stop().size(), "two new instances serve: two old ones may go, three still serve");
        both.set(5, healthy(6, 2, 1));
        assertEquals(List.of(1L, 2L, 3L), new ArrayList<>(ServicePlan.plan(target(3, 2, DEFAULT), both).stop().keySet()));
    }

    /** A rolling restart with no room above the count: one at a time, never under the minimum. */
    @Test
    void a_rolling_replacement_never_goes_below_the_minimum_nor_above_the_maximum() {
        ServiceDefinition.UpgradeStrategy strategy = new ServiceDefinition.UpgradeStrategy(0.5, 0.0);
        int n = 4;
        List<Live> live = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            live.add(healthy(i, 1, 100));
        }
        long nextId = 100;
        for (int step = 0; step < 20 && live.stream().filter(l -> l.configVersion() == 2).count() < n; step++) {
            Plan p = ServicePlan.plan(target(n, 2, strategy), live);
            // carry the plan out: stopped ones end, launched ones come up healthy
            live.removeIf(l -> p.stop().containsKey(l.id()));
            long ready = live.stream().filter(l -> l.state() == InstanceState.RUNNING).count();
            assertTrue(ready >= 2, "at step " + step + " only " + ready + " instances serve");
            for (int i = 0; i < p.launch(); i++) {
                live.add(healthy(nextId++, 2, 0));
            }
            assertTrue(live.size() <= n, "at step " + step + " " + live.size() + " instances exist");
        }
        assertEquals(n, live.stream().filter(l -> l.configVersion() == 2).count());
        assertEquals(n, live.size());
    }

    @Test
    void old_instances_that_serve_nobody_are_replaced_at_once() {
        List<Live> live = List.of(healthy(1, 1, 100), new Live(2, 1, InstanceState.RUNNING, Health.UNHEALTHY, T));
        Plan p = ServicePlan.plan(target(2, 2, DEFAULT), live);
        assertEquals(List.of(2L), new ArrayList<>(p.stop().keySet()));
        assertEquals(2, p.launch());
    }

    @Test
    void instances_being_stopped_count_towards_the_maximum() {
        ServiceDefinition.UpgradeStrategy strategy = new ServiceDefinition.UpgradeStrategy(0.5, 0.0);
        List<Live> live = List.of(healthy(1, 1, 100), new Live(2, 1, InstanceState.KILLING, Health.HEALTHY, T));
        assertEquals(0, ServicePlan.plan(target(2, 2, strategy), live).launch());
    }
}
