package io.kairos.framework;

import io.kairos.job.ConcurrencyPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConcurrencyGateTest {

    private static ConcurrencyGate.Queued q(long run, long job, ConcurrencyPolicy p) {
        return new ConcurrencyGate.Queued(run, job, p, false);
    }

    @Test
    void forbid_skips_a_run_while_another_of_its_job_is_going() {
        var g = ConcurrencyGate.apply(List.of(q(10, 1, ConcurrencyPolicy.FORBID)), Map.of(1L, List.of(7L)));
        assertTrue(g.admitted().isEmpty());
        assertEquals("concurrencyPolicy=FORBID: run 7 of this job is still going", g.skipped().get(10L));
    }

    @Test
    void forbid_admits_only_the_oldest_of_several_queued_runs() {
        var g = ConcurrencyGate.apply(List.of(q(10, 1, ConcurrencyPolicy.FORBID), q(11, 1, ConcurrencyPolicy.FORBID)), Map.of());
        assertEquals(List.of(10L), g.admitted());
        assertTrue(g.skipped().containsKey(11L));
    }

    @Test
    void replace_stops_the_going_runs_and_holds_the_newest_until_they_are_gone() {
        var g = ConcurrencyGate.apply(List.of(q(10, 1, ConcurrencyPolicy.REPLACE), q(11, 1, ConcurrencyPolicy.REPLACE)),
                Map.of(1L, List.of(7L)));
        assertEquals(Map.of(7L, 11L), g.replace());
        assertTrue(g.held().containsKey(11L));
        assertEquals("concurrencyPolicy=REPLACE: superseded by run 11", g.skipped().get(10L));
        assertTrue(g.admitted().isEmpty());
    }

    @Test
    void replace_with_nothing_going_admits_the_newest() {
        var g = ConcurrencyGate.apply(List.of(q(11, 1, ConcurrencyPolicy.REPLACE)), Map.of());
        assertEquals(List.of(11L), g.admitted());
    }

    @Test
    void allow_and_manual_runs_always_pass() {
        var g = ConcurrencyGate.apply(List.of(q(10, 1, ConcurrencyPolicy.ALLOW),
                new ConcurrencyGate.Queued(11, 2, ConcurrencyPolicy.FORBID, true)), Map.of(1L, List.of(5L), 2L, List.of(6L)));
        assertEquals(List.of(10L, 11L), g.admitted());
    }
}
