package io.kairos.dag;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trigger rule of one child with parents b (id 2) and c (id 3). */
class DagGenerationTest {

    private static final long B = 2;
    private static final long C = 3;
    private static final Instant T1 = Instant.parse("2026-01-01T02:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-02T02:00:00Z");

    private static Generation.ParentRun run(long job, long id, Instant logical) {
        return new Generation.ParentRun(job, id, logical);
    }

    /** Releases the runs in order and returns the triggers they caused. */
    private static List<Generation.Trigger> replay(Generation.ParentRun... runs) {
        Generation g = new Generation(List.of(B, C), Map.of());
        List<Generation.Trigger> triggers = new ArrayList<>();
        for (Generation.ParentRun r : runs) {
            Generation.Step s = g.release(r);
            s.trigger().ifPresent(triggers::add);
            g = s.next();
        }
        return triggers;
    }

    @Test
    void the_child_waits_until_every_parent_is_released() {
        assertEquals(List.of(), replay(run(B, 10, T1)));
        assertEquals(List.of(), replay(run(B, 10, T1), run(B, 12, T1)));
    }

    @Test
    void a_generation_triggers_once_whichever_parent_finishes_first() {
        Generation.Trigger bFirst = replay(run(B, 10, T1), run(C, 11, T1)).get(0);
        Generation.Trigger cFirst = replay(run(C, 11, T1), run(B, 10, T1)).get(0);
        assertEquals(List.of(run(B, 10, T1), run(C, 11, T1)), bFirst.runs());
        assertEquals(bFirst, cFirst);
        assertEquals(T1, bFirst.logicalTime());
    }

    @Test
    void two_generations_trigger_twice_each_with_its_own_runs() {
        List<Generation.Trigger> t = replay(run(B, 10, T1), run(C, 11, T1), run(C, 13, T2), run(B, 12, T2));
        assertEquals(2, t.size());
        assertEquals(List.of(run(B, 12, T2), run(C, 13, T2)), t.get(1).runs());
        assertEquals(T2, t.get(1).logicalTime());
    }

    @Test
    void a_parent_released_twice_in_one_generation_counts_once_with_its_latest_run() {
        // b ran twice before c finished once: one trigger, carrying b's second run
        List<Generation.Trigger> t = replay(run(B, 10, T1), run(B, 12, T2), run(C, 11, T1));
        assertEquals(1, t.size());
        assertEquals(List.of(run(B, 12, T2), run(C, 11, T1)), t.get(0).runs());
        assertEquals(T2, t.get(0).logicalTime(), "the latest of the parents' logical times");
    }

    @Test
    void runs_from_before_a_trigger_never_count_towards_the_next_generation() {
        // b1, c1 trigger; then only c2 ends: b's earlier run is spent, so nothing more happens
        assertEquals(1, replay(run(B, 10, T1), run(C, 11, T1), run(C, 13, T2)).size());
    }

    @Test
    void a_child_with_one_parent_triggers_on_every_release() {
        Generation g = new Generation(List.of(B), Map.of());
        Generation.Step s = g.release(run(B, 10, T1));
        assertTrue(s.trigger().isPresent());
        assertTrue(s.next().release(run(B, 12, T2)).trigger().isPresent());
    }

    @Test
    void a_run_of_a_job_that_is_no_parent_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new Generation(List.of(B), Map.of()).release(run(C, 1, T1)));
    }
}
