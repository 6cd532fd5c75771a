package io.kairos.task;

/** Identifies one task on an agent; it is the attempt id in the scheduler's database. */
public record TaskId(long value) {

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
