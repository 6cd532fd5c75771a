package io.kairos.allocator;

import java.util.List;

/**
 * The fairness policy, as in Mesos' {@code sorter.hpp}: it knows each client's allocation and the
 * pool's total and orders clients, the one most owed first. The allocator keeps two levels of
 * them: one over roles, one per role over its frameworks. Ports are not counted.
 *
 * @param <K> the client key (a role name, a framework id)
 */
public interface Sorter<K> {

    /** Adds a client with a weight {@code > 0}; a new client has nothing allocated. */
    void add(K client, double weight);

    void remove(K client);

    /** The client now holds {@code r} more (offered counts as held until declined). */
    void allocated(K client, Resources r);

    /** The client gave {@code r} back. */
    void unallocated(K client, Resources r);

    /** The pool the shares are measured against: every agent's total, draining ones included. */
    void total(Resources total);

    /**
     * Clients in the order they should be offered to, most owed first. Asked for after every claimed
     * task: it may be a read-only view that is valid until the sorter next changes.
     */
    List<K> sort();

    /** The client's current share in this policy's own units (for reports and tests). */
    double share(K client);
}
