package io.kairos.compat;

import io.kairos.run.RunState;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LivyStateTest {

    @Test
    void every_run_state_has_its_livy_batch_state() {
        Map<RunState, String> expected = Map.of(RunState.PENDING, "not_started", RunState.STAGING, "starting",
                RunState.RUNNING, "running", RunState.SUCCEEDED, "success", RunState.FAILED, "dead",
                RunState.TIMED_OUT, "dead", RunState.SKIPPED, "dead", RunState.KILLED, "killed");
        for (RunState s : RunState.values()) {
            assertEquals(expected.get(s), LivyState.of(s), s.name());
        }
    }

    @Test
    void the_job_made_for_a_batch_is_named_after_it_and_unique() {
        String a = LivyService.jobName("Daily ETL (v2)");
        org.junit.jupiter.api.Assertions.assertTrue(a.matches("livy-daily-etl-v2-[0-9a-f]{10}"), a);
        org.junit.jupiter.api.Assertions.assertNotEquals(a, LivyService.jobName("Daily ETL (v2)"));
        org.junit.jupiter.api.Assertions.assertTrue(LivyService.jobName(null).matches("livy-[0-9a-f]{10}"));
        org.junit.jupiter.api.Assertions.assertTrue(LivyService.jobName("***").matches("livy-[0-9a-f]{10}"));
    }
}
