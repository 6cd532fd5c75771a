package io.kairos.allocator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AllocatorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final Allocator allocator = new Allocator(Duration.ofSeconds(30));
    private final AgentId a1 = new AgentId("a1");

    @Test
    void resources_out_on_offer_are_not_offered_again_until_declined() {
        allocator.addAgent(a1, "h1", new Resources(4, 4096, 0), Map.of());
        List<Offer> first = allocator.makeOffers(T0);
        assertEquals(1, first.size());
        assertTrue(allocator.makeOffers(T0).isEmpty(), "the same resources must not be offered twice at once");
        allocator.decline(first.get(0).id());
        assertEquals(new Resources(4, 4096, 0), allocator.makeOffers(T0).get(0).resources());
    }

    @Test
    void accepting_part_of_an_offer_returns_the_rest_to_the_pool() {
        allocator.addAgent(a1, "h1", new Resources(4, 4096, 0), Map.of());
        Offer o = allocator.makeOffers(T0).get(0);
        allocator.accept(o.id(), new Resources(1, 1024, 0));
        assertEquals(new Resources(3, 3072, 0), allocator.makeOffers(T0).get(0).resources());
    }

    @Test
    void an_offer_expires_after_its_timeout_and_is_made_again() {
        allocator.addAgent(a1, "h1", new Resources(2, 2048, 0), Map.of());
        allocator.makeOffers(T0);
        assertTrue(allocator.makeOffers(T0.plusSeconds(29)).isEmpty());
        assertEquals(1, allocator.makeOffers(T0.plusSeconds(30)).size());
    }

    @Test
    void released_resources_are_offered_again() {
        allocator.addAgent(a1, "h1", new Resources(1, 1024, 0), Map.of());
        Offer o = allocator.makeOffers(T0).get(0);
        allocator.accept(o.id(), new Resources(1, 1024, 0));
        assertTrue(allocator.makeOffers(T0).isEmpty());
        allocator.release(a1, new Resources(1, 1024, 0));
        assertEquals(1, allocator.makeOffers(T0).size());
    }

    @Test
    void removing_an_agent_rescinds_its_offers() {
        allocator.addAgent(a1, "h1", new Resources(1, 1024, 0), Map.of());
        Offer o = allocator.makeOffers(T0).get(0);
        assertEquals(List.of(o), allocator.removeAgent(a1));
        assertThrows(IllegalStateException.class, () -> allocator.accept(o.id(), Resources.NONE));
    }

    @Test
    void an_offer_cannot_be_accepted_for_more_than_it_holds() {
        allocator.addAgent(a1, "h1", new Resources(1, 1024, 0), Map.of());
        Offer o = allocator.makeOffers(T0).get(0);
        assertThrows(IllegalArgumentException.class, () -> allocator.accept(o.id(), new Resources(2, 10, 0)));
    }
}
