package io.kairos.agent.remote;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportLaneTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    private final ReportLane.Later later = (d, r) -> {
        waits.add(d);
        timer.schedule(r, d.toMillis(), TimeUnit.MILLISECONDS);
    };
    private ExecutorService pool;

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.shutdownNow();
        }
        timer.shutdownNow();
    }

    @Test
    void one_lanes_steps_apply_one_at_a_time_in_the_order_they_arrived_on_a_pool_of_many_threads() {
        pool = Executors.newFixedThreadPool(8);
        ReportLane lane = new ReportLane("agent a", pool, later, Backoff.REPORTS);
        List<Integer> applied = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlapped = new AtomicInteger();
        IntStream.range(0, 5_000).forEach(i -> lane.submit(null, () -> {
            if (inside.incrementAndGet() > 1) {
                overlapped.incrementAndGet();
            }
            applied.add(i);
            inside.decrementAndGet();
        }));
        await().atMost(Duration.ofSeconds(20)).until(() -> applied.size() == 5_000);
        assertEquals(IntStream.range(0, 5_000).boxed().toList(), applied);
        assertEquals(0, overlapped.get(), "never two steps of one lane at once");
    }

    @Test
    void a_failing_step_is_tried_again_after_a_growing_back_off_while_another_lane_on_the_same_single_thread_carries_on() {
        // one thread for both lanes: a lane waiting out its back-off must not hold it
        pool = Executors.newSingleThreadExecutor();
        ReportLane failing = new ReportLane("agent down", pool, later, new Backoff(Duration.ofMillis(50), Duration.ofMillis(300)));
        ReportLane healthy = new ReportLane("agent up", pool, later, Backoff.REPORTS);
        AtomicInteger tries = new AtomicInteger();
        List<String> applied = Collections.synchronizedList(new ArrayList<>());
        failing.submit("u1", () -> {
            if (tries.incrementAndGet() <= 5) {
                throw new IllegalStateException("database away");
            }
            applied.add("down:u1");
        });
        failing.submit("u2", () -> applied.add("down:u2"));

        IntStream.range(0, 100).forEach(i -> healthy.submit(null, () -> applied.add("up:" + i)));
        await().atMost(Duration.ofSeconds(5)).until(() -> applied.stream().filter(s -> s.startsWith("up:")).count() == 100);
        assertFalse(applied.contains("down:u1"), "the other lane carried on while the failing step waited");

        await().atMost(Duration.ofSeconds(10)).until(() -> applied.contains("down:u2"));
        assertEquals(6, tries.get(), "the same step, tried until it applied");
        assertTrue(applied.indexOf("down:u1") < applied.indexOf("down:u2"), "the step behind the failing one waited for it");
        assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300),
                Duration.ofMillis(300)), waits);
        assertEquals(0, failing.failures());
        assertEquals(0, failing.waiting());
    }

    @Test
    void an_update_sent_again_while_its_first_copy_waits_is_queued_once() {
        pool = Executors.newSingleThreadExecutor();
        ReportLane lane = new ReportLane("agent a", pool, later, new Backoff(Duration.ofMillis(200), Duration.ofMillis(200)));
        AtomicInteger tries = new AtomicInteger();
        AtomicInteger applied = new AtomicInteger();
        assertTrue(lane.submit("u1", () -> {
            if (tries.incrementAndGet() == 1) {
                throw new IllegalStateException("database away");
            }
            applied.incrementAndGet();
        }));
        await().atMost(Duration.ofSeconds(2)).until(() -> tries.get() == 1);
        assertFalse(lane.submit("u1", applied::incrementAndGet), "the re-sent copy is a duplicate");
        await().atMost(Duration.ofSeconds(5)).until(() -> lane.waiting() == 0);
        assertEquals(1, applied.get());
        assertTrue(lane.submit("u1", applied::incrementAndGet), "once applied, the key is free again");
    }

    @Test
    void back_off_doubles_from_its_first_wait_up_to_its_cap() {
        Backoff b = Backoff.REPORTS;
        assertEquals(List.of(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L),
                IntStream.rangeClosed(1, 8).mapToObj(n -> b.after(n).toMillis()).toList());
        assertEquals(Duration.ofSeconds(5), b.after(Integer.MAX_VALUE));
    }
}
