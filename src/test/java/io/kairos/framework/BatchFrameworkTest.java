package io.kairos.framework;

import io.kairos.allocator.AgentId;
import io.kairos.allocator.Offer;
import io.kairos.allocator.OfferId;
import io.kairos.allocator.Resources;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchFrameworkTest {

    private final BatchFramework batch = new BatchFramework();

    private static Offer offer(long id, String agent, double cpus, long mem) {
        return new Offer(new OfferId(id), new AgentId(agent), agent, Map.of(), new Resources(cpus, mem, 0), Instant.EPOCH);
    }

    @Test
    void a_task_goes_to_the_tightest_offer_that_fits_it() {
        var d = batch.place(List.of(offer(1, "big", 8, 8192), offer(2, "small", 1, 1024)),
                List.of(new BatchFramework.Task(10, new Resources(1, 512, 0))));
        assertEquals(new AgentId("small"), d.launches().get(0).agent());
    }

    @Test
    void tasks_fill_an_offer_until_it_is_used_up_and_the_rest_wait_with_a_reason() {
        var d = batch.place(List.of(offer(1, "a", 2, 4096)), List.of(
                new BatchFramework.Task(1, new Resources(1, 100, 0)),
                new BatchFramework.Task(2, new Resources(1, 100, 0)),
                new BatchFramework.Task(3, new Resources(1, 100, 0))));
        assertEquals(2, d.launches().size());
        assertEquals(new Resources(2, 200, 0), d.used().get(new OfferId(1)));
        assertEquals("needs 1.00 cpus; largest free agent has 0.00", d.waiting().get(3L));
    }

    @Test
    void a_task_needing_more_memory_than_any_agent_has_says_so() {
        var d = batch.place(List.of(offer(1, "a", 4, 1024)), List.of(new BatchFramework.Task(7, new Resources(1, 2048, 0))));
        assertTrue(d.launches().isEmpty());
        assertEquals("needs 2048 MiB memory; largest free agent has 1024 MiB", d.waiting().get(7L));
    }

    @Test
    void with_no_offers_every_task_waits_for_resources() {
        var d = batch.place(List.of(), List.of(new BatchFramework.Task(7, new Resources(1, 64, 0))));
        assertEquals("waiting for free resources: no agent has any free now", d.waiting().get(7L));
    }
}
