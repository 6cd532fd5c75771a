package io.kairos.allocator;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Weighted Dominant Resource Fairness (Ghodsi et al., NSDI 2011): a client's share is the largest
 * fraction it holds of any one resource kind (cpus, memory, disk, gpus), divided by its weight;
 * the client with the lowest share sorts first. Ties go to the client added first, so the order is
 * deterministic. Kinds the pool has none of are ignored.
 *
 * <p>The order is kept, not computed per {@link #sort}: the allocator asks for it after every
 * claimed task, and a claim changes one client's share, so that client moves to its new place
 * (a few steps at most) instead of the whole list being sorted again. Only a new total re-sorts.
 */
public final class DrfSorter<K> implements Sorter<K> {

    private static final int KINDS = 4;
    private static final Comparator<Client<?>> ORDER = (a, b) -> a.before(b) ? -1 : b.before(a) ? 1 : 0;

    private final Map<K, Client<K>> clients = new HashMap<>();
    /** Every client, most owed first; {@code Client.index} is its place here. */
    private final List<Client<K>> order = new ArrayList<>();
    private final List<K> keys = new AbstractList<>() {
        @Override public K get(int i) { return order.get(i).key; }
        @Override public int size() { return order.size(); }
    };
    private final double[] total = new double[KINDS];
    private long nextSeq;

    private static final class Client<K> {
        final K key;
        final double weight;
        final long seq;
        final double[] held = new double[KINDS];
        double share;
        int index;

        Client(K key, double weight, long seq) {
            this.key = key;
            this.weight = weight;
            this.seq = seq;
        }

        boolean before(Client<?> o) {
            return share < o.share || (share == o.share && seq < o.seq);
        }
    }

    @Override
    public void add(K client, double weight) {
        if (!(weight > 0)) {
            throw new IllegalArgumentException("weight must be > 0, was " + weight);
        }
        if (clients.containsKey(client)) {
            return;
        }
        Client<K> c = new Client<>(client, weight, nextSeq++);
        clients.put(client, c);
        c.index = order.size();
        order.add(c);
        moved(c);
    }

    @Override
    public void remove(K client) {
        Client<K> c = clients.remove(client);
        if (c != null) {
            order.remove(c.index);
            reindex(c.index, order.size());
        }
    }

    @Override
    public void allocated(K client, Resources r) {
        Client<K> c = client(client);
        add(c.held, r, 1);
        moved(c);
    }

    @Override
    public void unallocated(K client, Resources r) {
        Client<K> c = client(client);
        add(c.held, r, -1);
        for (int i = 0; i < KINDS; i++) {
            c.held[i] = Math.max(0, c.held[i]);
        }
        moved(c);
    }

    @Override
    public void total(Resources t) {
        total[0] = t.cpus();
        total[1] = t.memMb();
        total[2] = t.diskMb();
        total[3] = t.gpus();
        for (Client<K> c : order) {
            c.share = share(c);
        }
        order.sort(ORDER);
        reindex(0, order.size());
    }

    /** A read-only view of the order, valid until this sorter next changes. */
    @Override
    public List<K> sort() {
        return keys;
    }

    @Override
    public double share(K client) {
        return client(client).share;
    }

    /** Recomputes {@code c}'s share and moves it to its place; everyone else keeps their order. */
    private void moved(Client<K> c) {
        c.share = share(c);
        int i = c.index;
        while (i > 0 && c.before(order.get(i - 1))) {
            Client<K> o = order.get(i - 1);
            order.set(i, o);
            o.index = i;
            i--;
        }
        while (i < order.size() - 1 && order.get(i + 1).before(c)) {
            Client<K> o = order.get(i + 1);
            order.set(i, o);
            o.index = i;
            i++;
        }
        order.set(i, c);
        c.index = i;
    }

    private void reindex(int from, int to) {
        for (int i = from; i < to; i++) {
            order.get(i).index = i;
        }
    }

    private double share(Client<K> c) {
        double dominant = 0;
        for (int i = 0; i < KINDS; i++) {
            if (total[i] > 0) {
                dominant = Math.max(dominant, c.held[i] / total[i]);
            }
        }
        return dominant / c.weight;
    }

    private Client<K> client(K key) {
        Client<K> c = clients.get(key);
        if (c == null) {
            throw new IllegalArgumentException("unknown client " + key);
        }
        return c;
    }

    private static void add(double[] held, Resources r, int sign) {
        held[0] += sign * r.cpus();
        held[1] += sign * r.memMb();
        held[2] += sign * r.diskMb();
        held[3] += sign * r.gpus();
    }
}
