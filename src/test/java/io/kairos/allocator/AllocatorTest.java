package io.kairos.allocator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.kairos.allocator.AgentBuilder.anAgent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AllocatorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Resources A_TASK = new Resources(1, 4096, 0);
    private static final Resources B_TASK = new Resources(3, 1024, 0);
    private final Allocator allocator = new Allocator(Duration.ofSeconds(30));
    private final FrameworkId fa = new FrameworkId("fa");
    private final FrameworkId fb = new FrameworkId("fb");

    private void twoRoles(Role a, Role b) {
        allocator.putRole(a);
        allocator.putRole(b);
        allocator.addFramework(fa, a.name());
        allocator.addFramework(fb, b.name());
    }

    private Allocation cycle(Instant now, Demand a, Demand b) {
        Map<FrameworkId, Placer> placers = new LinkedHashMap<>();
        placers.put(fa, a);
        placers.put(fb, b);
        return allocator.allocate(now, placers);
    }

    private void acceptAll(Allocation allocation) {
        allocation.offers().forEach(o -> allocator.accept(o.id(), o.resources()));
    }

    @Test
    void the_drf_paper_example_gives_a_three_tasks_and_b_two() {
        twoRoles(Role.of("A"), Role.of("B"));
        anAgent().cpus(9).mem(18 * 1024).addTo(allocator);
        Demand a = new Demand(100, A_TASK);
        Demand b = new Demand(100, B_TASK);
        cycle(T0, a, b);
        assertEquals(3, a.placed());
        assertEquals(2, b.placed());
    }

    @Test
    void the_drf_paper_example_holds_cycle_after_cycle_as_tasks_finish() {
        twoRoles(Role.of("A"), Role.of("B"));
        AgentId agent = anAgent().cpus(9).mem(18 * 1024).addTo(allocator);
        Demand a = new Demand(1000, A_TASK);
        Demand b = new Demand(1000, B_TASK);
        for (int i = 0; i < 10; i++) {
            int aBefore = a.placed();
            int bBefore = b.placed();
            acceptAll(cycle(T0.plusSeconds(i), a, b));
            assertEquals(3, a.placed() - aBefore, "cycle " + i);
            assertEquals(2, b.placed() - bBefore, "cycle " + i);
            // everything finishes before the next cycle
            for (int k = 0; k < 3; k++) {
                allocator.release(fa, agent, A_TASK);
            }
            for (int k = 0; k < 2; k++) {
                allocator.release(fb, agent, B_TASK);
            }
        }
    }

    @Test
    void a_role_of_weight_two_gets_twice_the_dominant_share() {
        twoRoles(new Role("A", 2, null, null), Role.of("B"));
        anAgent().cpus(9).mem(9 * 1024).addTo(allocator);
        Demand a = new Demand(100, new Resources(1, 1024, 0));
        Demand b = new Demand(100, new Resources(1, 1024, 0));
        cycle(T0, a, b);
        assertEquals(6, a.placed());
        assertEquals(3, b.placed());
        assertEquals(allocator.share("A"), allocator.share("B"), 1e-9);
    }

    @Test
    void quota_is_met_before_fair_share() {
        twoRoles(Role.of("A"), new Role("B", 1, new Resources(6, 0, 0), null));
        anAgent().cpus(10).mem(100 * 1024).addTo(allocator);
        Demand a = new Demand(100, new Resources(1, 1024, 0));
        Demand b = new Demand(100, new Resources(1, 1024, 0));
        cycle(T0, a, b);
        assertEquals(6, b.placed());
        assertEquals(4, a.placed());
    }

    @Test
    void quota_of_an_idle_role_is_held_back_from_others() {
        twoRoles(Role.of("A"), new Role("B", 1, new Resources(6, 0, 0), null));
        anAgent().cpus(10).mem(100 * 1024).addTo(allocator);
        Demand a = new Demand(100, new Resources(1, 1024, 0));
        cycle(T0, a, new Demand(0, Resources.NONE));
        assertEquals(4, a.placed());
        assertTrue(a.lastRefusal.startsWith("free resources are held for other roles' quota"), a.lastRefusal);
        Demand b = new Demand(100, new Resources(1, 1024, 0));
        cycle(T0, new Demand(0, Resources.NONE), b);
        assertEquals(6, b.placed(), "the guaranteed quota was there when B's work arrived");
    }

    @Test
    void a_role_never_passes_its_limit() {
        twoRoles(new Role("A", 1, null, new Resources(3, 1_000_000, 1_000_000)), Role.of("B"));
        anAgent().cpus(10).mem(100 * 1024).addTo(allocator);
        Demand a = new Demand(100, new Resources(1, 1024, 0));
        cycle(T0, a, new Demand(0, Resources.NONE));
        assertEquals(3, a.placed());
        assertEquals(3.0, allocator.held("A").cpus(), 1e-9);
        assertTrue(a.lastRefusal.startsWith("role limit reached"), a.lastRefusal);
    }

    @Test
    void a_declined_agent_is_not_offered_to_that_framework_until_refuse_seconds_pass_but_others_get_it() {
        twoRoles(Role.of("A"), Role.of("B"));
        AgentId agent = anAgent().cpus(4).mem(4096).addTo(allocator);
        Allocation first = cycle(T0, new Demand(1, new Resources(1, 512, 0)), new Demand(0, Resources.NONE));
        allocator.decline(first.offers().get(0).id(), Duration.ofSeconds(10), T0);

        Demand again = new Demand(1, new Resources(1, 512, 0));
        Demand other = new Demand(1, new Resources(1, 512, 0));
        cycle(T0.plusSeconds(5), again, other);
        assertEquals(0, again.placed());
        assertEquals(agent, other.claims.get(0).agent());

        Demand later = new Demand(1, new Resources(1, 512, 0));
        cycle(T0.plusSeconds(10), later, new Demand(0, Resources.NONE));
        assertEquals(1, later.placed());
    }

    @Test
    void reviving_clears_a_frameworks_decline_filters() {
        twoRoles(Role.of("A"), Role.of("B"));
        anAgent().addTo(allocator);
        Allocation first = cycle(T0, new Demand(1, new Resources(1, 512, 0)), new Demand(0, Resources.NONE));
        allocator.decline(first.offers().get(0).id(), Duration.ofMinutes(5), T0);
        allocator.revive(fa);
        Demand a = new Demand(1, new Resources(1, 512, 0));
        cycle(T0.plusSeconds(1), a, new Demand(0, Resources.NONE));
        assertEquals(1, a.placed());
    }

    @Test
    void resources_out_on_offer_are_not_offered_again_until_declined() {
        twoRoles(Role.of("A"), Role.of("B"));
        anAgent().cpus(2).mem(2048).addTo(allocator);
        Allocation first = cycle(T0, new Demand(2, new Resources(1, 1024, 0)), new Demand(0, Resources.NONE));
        assertEquals(new Resources(2, 2048, 0), first.offers().get(0).resources());
        Demand b = new Demand(5, new Resources(1, 1024, 0));
        cycle(T0, new Demand(0, Resources.NONE), b);
        assertEquals(0, b.placed(), "the same resources must not be offered twice at once");
        allocator.decline(first.offers().get(0).id(), Duration.ZERO, T0);
        cycle(T0, new Demand(0, Resources.NONE), b);
        assertEquals(2, b.placed());
    }

    @Test
    void accepting_part_of_an_offer_returns_the_rest_to_the_pool() {
        twoRoles(Role.of("A"), Role.of("B"));
        anAgent().cpus(4).mem(4096).addTo(allocator);
        Allocation first = cycle(T0, new Demand(2, new Resources(1, 1024, 0)), new Demand(0, Resources.NONE));
        allocator.accept(first.offers().get(0).id(), new Resources(1, 1024, 0));
        assertEquals(new Resources(3, 3072, 0), allocator.agents().iterator().next().free());
        assertEquals(1.0, allocator.held("A").cpus(), 1e-9);
    }

    @Test
    void an_offer_expires_after_its_timeout_and_its_resources_are_offered_again() {
        twoRoles(Role.of("A"), Role.of("B"));
        anAgent().cpus(1).mem(1024).addTo(allocator);
        cycle(T0, new Demand(1, new Resources(1, 1024, 0)), new Demand(0, Resources.NONE));
        Demand b = new Demand(1, new Resources(1, 1024, 0));
        cycle(T0.plusSeconds(29), new Demand(0, Resources.NONE), b);
        assertEquals(0, b.placed());
        cycle(T0.plusSeconds(30), new Demand(0, Resources.NONE), b);
        assertEquals(1, b.placed());
        assertEquals(0.0, allocator.held("A").cpus(), 1e-9, "an expired offer no longer counts against A's share");
    }

    @Test
    void removing_an_agent_rescinds_its_offers() {
        twoRoles(Role.of("A"), Role.of("B"));
        AgentId agent = anAgent().cpus(1).mem(1024).addTo(allocator);
        Offer o = cycle(T0, new Demand(1, new Resources(1, 1024, 0)), new Demand(0, Resources.NONE)).offers().get(0);
        assertEquals(List.of(o), allocator.removeAgent(agent));
        assertThrows(IllegalStateException.class, () -> allocator.accept(o.id(), Resources.NONE));
        assertEquals(0.0, allocator.held("A").cpus(), 1e-9);
    }

    @Test
    void released_resources_are_offered_again() {
        twoRoles(Role.of("A"), Role.of("B"));
        AgentId agent = anAgent().cpus(1).mem(1024).addTo(allocator);
        acceptAll(cycle(T0, new Demand(1, new Resources(1, 1024, 0)), new Demand(0, Resources.NONE)));
        Demand a = new Demand(1, new Resources(1, 1024, 0));
        cycle(T0, a, new Demand(0, Resources.NONE));
        assertEquals(0, a.placed());
        allocator.release(fa, agent, new Resources(1, 1024, 0));
        cycle(T0, a, new Demand(0, Resources.NONE));
        assertEquals(1, a.placed());
    }

    @Test
    void a_suppressed_framework_gets_no_offers_until_revived() {
        twoRoles(Role.of("A"), Role.of("B"));
        anAgent().addTo(allocator);
        allocator.suppress(fa);
        Demand a = new Demand(1, new Resources(1, 512, 0));
        assertTrue(cycle(T0, a, new Demand(0, Resources.NONE)).offers().isEmpty());
        allocator.revive(fa);
        assertFalse(cycle(T0, a, new Demand(0, Resources.NONE)).offers().isEmpty());
    }

    @Test
    void a_draining_agent_gets_no_new_offers_and_its_outstanding_ones_are_rescinded() {
        twoRoles(Role.of("A"), Role.of("B"));
        AgentId draining = anAgent().cpus(8).addTo(allocator);
        AgentId other = anAgent().cpus(2).addTo(allocator);
        Allocation first = cycle(T0, new Demand(1, new Resources(4, 512, 0)), new Demand(0, Resources.NONE));
        assertEquals(draining, first.offers().get(0).agent());
        assertEquals(first.offers(), allocator.drain(draining));
        Demand a = new Demand(3, new Resources(1, 512, 0));
        cycle(T0, a, new Demand(0, Resources.NONE));
        assertTrue(a.claims.stream().allMatch(c -> c.agent().equals(other)));
        assertEquals(2, a.placed());
    }

    @Test
    void ports_are_allocated_exclusively() {
        twoRoles(Role.of("A"), Role.of("B"));
        anAgent().cpus(8).ports(31000, 31004).addTo(allocator);
        Demand a = new Demand(1, new Resources(1, 512, 0), 3);
        Demand b = new Demand(1, new Resources(1, 512, 0), 3);
        acceptAll(cycle(T0, a, b));
        assertEquals(1, a.placed() + b.placed(), "5 ports hold one task of 3, not two");
        Demand c = new Demand(1, new Resources(1, 512, 0), 2);
        cycle(T0, c, new Demand(0, Resources.NONE));
        PortRanges first = (a.placed() == 1 ? a : b).claims.get(0).resources().ports();
        PortRanges second = c.claims.get(0).resources().ports();
        assertEquals(PortRanges.of(31000, 31002), first);
        assertEquals(PortRanges.of(31003, 31004), second);
        assertTrue(first.minus(second).equals(first), "no port handed out twice");
    }

    @Test
    void a_claim_on_more_than_an_agent_has_free_is_refused() {
        twoRoles(Role.of("A"), Role.of("B"));
        AgentId agent = anAgent().cpus(1).addTo(allocator);
        Placer greedy = offer -> java.util.Optional.of(new Claim(1, agent, new Resources(2, 10, 0)));
        assertThrows(IllegalArgumentException.class, () -> allocator.allocate(T0, Map.of(fa, greedy)));
    }

    @Test
    void the_hostname_is_always_an_attribute() {
        anAgent("host-7").attr("rack", "r1").addTo(allocator);
        Allocator.AgentView v = allocator.agents().iterator().next();
        assertEquals("host-7", v.attributes().get("hostname"));
        assertNotNull(v.attributes().get("rack"));
    }
}
