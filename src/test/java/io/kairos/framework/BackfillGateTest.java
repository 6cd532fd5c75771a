package io.kairos.framework;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BackfillGateTest {

    private static BackfillGate.Queued q(long run, long job, int max) {
        return new BackfillGate.Queued(run, job, max);
    }

    @Test
    void admits_the_oldest_runs_up_to_max_parallel_and_holds_the_rest_saying_why() {
        var g = BackfillGate.apply(List.of(q(1, 7, 2), q(2, 7, 2), q(3, 7, 2)), Map.of());
        assertEquals(List.of(1L, 2L), g.admitted());
        assertEquals(Map.of(3L, "backfill: maxParallel=2 reached"), g.held());
    }

    @Test
    void runs_already_going_count_against_the_limit() {
        var g = BackfillGate.apply(List.of(q(5, 7, 2), q(6, 7, 2)), Map.of(7L, 1));
        assertEquals(List.of(5L), g.admitted());
        assertEquals(List.of(6L), List.copyOf(g.held().keySet()));
    }

    @Test
    void a_full_job_admits_nothing() {
        var g = BackfillGate.apply(List.of(q(5, 7, 2)), Map.of(7L, 2));
        assertEquals(List.of(), g.admitted());
    }

    @Test
    void each_job_has_its_own_limit() {
        var g = BackfillGate.apply(List.of(q(1, 7, 1), q(2, 8, 1), q(3, 7, 1), q(4, 8, 1)), Map.of());
        assertEquals(List.of(1L, 2L), g.admitted());
        assertEquals(List.of(3L, 4L), List.copyOf(g.held().keySet()));
    }
}
