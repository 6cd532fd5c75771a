package io.kairos.api;

import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;
import org.hibernate.StaleStateException;
import org.hibernate.exception.ConstraintViolationException;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises, anywhere in a chain of causes, a write that lost a race with a concurrent one: what a
 * client may retry after reading the current state.
 */
final class ConcurrentChange {

    /** PostgreSQL's SQLSTATEs of a lost race (integrity violations by a concurrent write, serialization, deadlock). */
    private static final Map<String, String> STATES = Map.of(
            "23505", "a unique key was taken by a concurrent request",
            "23503", "a row it refers to was deleted by a concurrent request",
            "40001", "a concurrent transaction changed the same rows",
            "40P01", "a concurrent transaction changed the same rows (deadlock)");

    private ConcurrentChange() {
    }

    /** What was lost, when {@code e} is a lost race; empty for any other failure. */
    static Optional<String> of(Throwable e) {
        String constraint = "";
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
                return Optional.of("the resource was changed or deleted by a concurrent request; read it again and retry");
            }
            if (t instanceof PessimisticLockException) {
                return Optional.of("the resource is locked by a concurrent request; retry");
            }
            if (t instanceof ConstraintViolationException c && c.getConstraintName() != null) {
                constraint = " (" + c.getConstraintName() + ")";
            }
            if (t instanceof SQLException s && s.getSQLState() != null && STATES.containsKey(s.getSQLState())) {
                return Optional.of(STATES.get(s.getSQLState()) + constraint + "; read the current state and retry");
            }
        }
        return Optional.empty();
    }
}
