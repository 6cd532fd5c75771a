package io.kairos.schedule;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlotPlannerTest {

    private static final Duration LATE_AFTER = Duration.ofSeconds(60);
    private static final Instant T = Instant.parse("2026-06-01T02:00:00Z");

    private static Schedule cron(String expr) {
        return Schedules.parse(new ScheduleSpec(expr, null, "UTC")).orElseThrow();
    }

    private static SlotPlanner.Plan plan(Schedule s, Instant due, Instant now, Duration deadline, CatchUp catchUp) {
        return SlotPlanner.plan(s, due, now, LATE_AFTER, deadline, catchUp);
    }

    @Test
    void a_slot_recorded_on_time_runs_and_the_next_slot_follows() {
        SlotPlanner.Plan p = plan(cron("0 * * * *"), T, T.plusMillis(20), null, CatchUp.LATEST);
        assertEquals(List.of(new SlotPlanner.Slot(T, SlotPlanner.Outcome.RUN, null)), p.slots());
        assertEquals(T.plusSeconds(3600), p.next().orElseThrow());
    }

    @Test
    void after_downtime_latest_runs_one_catch_up_and_skips_the_other_missed_slots() {
        Instant now = T.plus(Duration.ofMinutes(25)).plusSeconds(90); // slots 02:00..02:25 missed, 02:25 by 90 s
        SlotPlanner.Plan p = plan(cron("*/5 * * * *"), T, now, null, CatchUp.LATEST);
        assertEquals(6, p.slots().size());
        List<SlotPlanner.Slot> runs = p.slots().stream().filter(s -> s.outcome() == SlotPlanner.Outcome.RUN).toList();
        assertEquals(1, runs.size());
        assertEquals(T.plus(Duration.ofMinutes(25)), runs.get(0).at());
        assertTrue(runs.get(0).reason().startsWith("catch-up run"));
        assertTrue(p.slots().get(0).reason().contains("catchUp=LATEST"));
        assertEquals(T.plus(Duration.ofMinutes(30)), p.next().orElseThrow());
    }

    @Test
    void catch_up_all_runs_every_missed_slot_and_none_runs_none() {
        Instant now = T.plus(Duration.ofMinutes(10)).plusSeconds(61);
        assertEquals(3, plan(cron("*/5 * * * *"), T, now, null, CatchUp.ALL).slots().size());
        assertTrue(plan(cron("*/5 * * * *"), T, now, null, CatchUp.ALL).slots().stream().allMatch(s -> s.outcome() == SlotPlanner.Outcome.RUN));
        assertTrue(plan(cron("*/5 * * * *"), T, now, null, CatchUp.NONE).slots().stream().allMatch(s -> s.outcome() == SlotPlanner.Outcome.SKIP));
    }

    @Test
    void a_slot_past_its_starting_deadline_is_skipped_whatever_the_catch_up_policy() {
        SlotPlanner.Plan p = plan(cron("0 * * * *"), T, T.plusSeconds(301), Duration.ofSeconds(300), CatchUp.ALL);
        assertEquals(SlotPlanner.Outcome.SKIP, p.slots().get(0).outcome());
        assertEquals("recorded 301 s after its time, past startingDeadlineSeconds=300", p.slots().get(0).reason());
    }

    @Test
    void a_short_delay_within_late_after_is_not_a_miss() {
        SlotPlanner.Plan p = plan(cron("*/10 * * * * *"), T, T.plusSeconds(25), null, CatchUp.NONE);
        assertEquals(3, p.slots().size());
        assertTrue(p.slots().stream().allMatch(s -> s.outcome() == SlotPlanner.Outcome.RUN && s.reason() == null));
    }

    @Test
    void a_long_outage_records_at_most_a_hundred_slots_and_counts_the_rest() {
        Instant now = T.plus(Duration.ofDays(2));
        SlotPlanner.Plan p = plan(cron("* * * * *"), T, now, null, CatchUp.LATEST);
        assertEquals(SlotPlanner.MAX_RECORDED, p.slots().size());
        assertTrue(p.slots().get(0).reason().contains("2781 older missed slots were not recorded"), p.slots().get(0).reason());
        assertEquals(now.plusSeconds(60), p.next().orElseThrow());
    }

    @Test
    void a_finished_repeating_interval_has_no_next_slot() {
        Schedule r2 = Schedules.parse(new ScheduleSpec(null, "R2/2026-06-01T02:00:00Z/PT1M", null)).orElseThrow();
        SlotPlanner.Plan p = plan(r2, T, T.plusSeconds(61), null, CatchUp.LATEST);
        assertEquals(2, p.slots().size());
        assertTrue(p.next().isEmpty());
        assertNull(p.slots().get(1).reason());
    }
}
