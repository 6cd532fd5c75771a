package io.kairos.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A pure schedule: a function from an instant to the next fire instant. It holds no clock and
 * does no I/O, so callers decide what "now" is and tests move time by passing instants.
 * Implementations are immutable and safe to share between threads.
 */
public sealed interface Schedule permits CronSchedule, RepeatingIntervalSchedule {

    /**
     * The first fire instant strictly after {@code after}.
     *
     * <p>Calling {@code next} again with its own result walks the fire instants in strictly
     * increasing order, never returning one instant twice.
     *
     * @param after any instant; fire instants equal to it are not returned
     * @return the next fire instant, or empty when the schedule has no more slots
     */
    Optional<Instant> next(Instant after);

    /** The zone whose wall clock the schedule's fields and calendar periods are read in. */
    ZoneId zone();

    /** The expression as the user wrote it (trimmed). */
    String expression();
}
