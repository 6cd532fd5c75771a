package io.kairos.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Decides what becomes of a job's due slots when the firing sweep reaches them: run, or skip with
 * a reason. Pure: the sweep supplies the time.
 *
 * <p>A slot is <em>late</em> when it is recorded more than {@code lateAfter} after its time (Kairos
 * was down, or firing fell behind). Rules, in order:
 * <ol>
 * <li>a slot recorded more than {@code startingDeadline} after its time is SKIPPED;</li>
 * <li>a slot that is not late runs;</li>
 * <li>late slots follow the job's catch-up policy: LATEST runs only the newest of them, ALL runs
 * each, NONE runs none.</li>
 * </ol>
 * At most {@link #MAX_RECORDED} slots are recorded per job and sweep; older ones are counted in the
 * reason of the oldest recorded slot, so a year of downtime does not write half a million rows.
 */
public final class SlotPlanner {

    public static final int MAX_RECORDED = 100;
    private static final int MAX_STEPS = 200_000;

    public enum Outcome { RUN, SKIP }

    /** One slot's fate. */
    public record Slot(Instant at, Outcome outcome, String reason) {
    }

    /** The slots to record, and the job's next slot after {@code now} (empty: the schedule ended). */
    public record Plan(List<Slot> slots, Optional<Instant> next) {
    }

    private SlotPlanner() {
    }

    /**
     * @param firstDue         the job's next unrecorded slot (at or before {@code now})
     * @param startingDeadline null = no deadline
     */
    public static Plan plan(Schedule schedule, Instant firstDue, Instant now, Duration lateAfter,
                            Duration startingDeadline, CatchUp catchUp) {
        Deque<Instant> due = new ArrayDeque<>();
        long dropped = 0;
        Optional<Instant> cursor = Optional.of(firstDue);
        int steps = 0;
        while (cursor.isPresent() && !cursor.get().isAfter(now)) {
            if (++steps > MAX_STEPS) {
                // jump ahead: what lies between was missed long ago and is only counted
                dropped += steps;
                cursor = schedule.next(now);
                break;
            }
            due.addLast(cursor.get());
            if (due.size() > MAX_RECORDED) {
                due.removeFirst();
                dropped++;
            }
            cursor = schedule.next(cursor.get());
        }
        List<Instant> slots = new ArrayList<>(due);
        Instant newestLate = null;
        for (Instant s : slots) {
            Duration lateness = Duration.between(s, now);
            boolean pastDeadline = startingDeadline != null && lateness.compareTo(startingDeadline) > 0;
            if (!pastDeadline && lateness.compareTo(lateAfter) > 0) {
                newestLate = s;
            }
        }
        List<Slot> out = new ArrayList<>(slots.size());
        for (Instant s : slots) {
            Duration lateness = Duration.between(s, now);
            String late = "recorded " + lateness.toSeconds() + " s after its time";
            if (startingDeadline != null && lateness.compareTo(startingDeadline) > 0) {
                out.add(new Slot(s, Outcome.SKIP, late + ", past startingDeadlineSeconds=" + startingDeadline.toSeconds()));
            } else if (lateness.compareTo(lateAfter) <= 0) {
                out.add(new Slot(s, Outcome.RUN, null));
            } else if (catchUp == CatchUp.ALL || (catchUp == CatchUp.LATEST && s.equals(newestLate))) {
                out.add(new Slot(s, Outcome.RUN, "catch-up run for a slot missed while no scheduler was firing (" + late + ")"));
            } else if (catchUp == CatchUp.LATEST) {
                out.add(new Slot(s, Outcome.SKIP, "missed while no scheduler was firing; catchUp=LATEST runs only the newest missed slot, "
                        + newestLate));
            } else {
                out.add(new Slot(s, Outcome.SKIP, "missed while no scheduler was firing (" + late + "); catchUp=NONE"));
            }
        }
        if (dropped > 0 && !out.isEmpty()) {
            Slot first = out.get(0);
            String note = dropped + " older missed slots were not recorded one by one";
            out.set(0, new Slot(first.at(), first.outcome(), first.reason() == null ? note : first.reason() + "; " + note));
        }
        return new Plan(out, cursor);
    }
}
