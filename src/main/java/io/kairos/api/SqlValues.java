package io.kairos.api;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Values read by native SQL queries, whose Java types depend on the driver and Hibernate. */
public final class SqlValues {

    private SqlValues() {
    }

    /** A {@code timestamptz} column as an Instant (null stays null). */
    public static Instant instant(Object o) {
        if (o == null || o instanceof Instant) {
            return (Instant) o;
        }
        if (o instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (o instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalArgumentException("not a time: " + o.getClass());
    }
}
