package io.kairos.allocator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weighted Dominant Resource Fairness (Ghodsi et al., NSDI 2011): a client's share is the largest
 * fraction it holds of any one resource kind (cpus, memory, disk, gpus), divided by its weight;
 * the client with the lowest share sorts first. Ties go to the client added first, so the order is
 * deterministic. Kinds the pool has none of are ignored.
 */
public final class DrfSorter<K> implements Sorter<K> {

    private static final int KINDS = 4;

    private final Map<K, Client> clients = new LinkedHashMap<>();
    private final double[] total = new double[KINDS];

    private static final class Client {
        final double weight;
        final double[] held = new double[KINDS];

        Client(double weight) {
            this.weight = weight;
        }
    }

    @Override
    public void add(K client, double weight) {
        if (!(weight > 0)) {
            throw new IllegalArgumentException("weight must be > 0, was " + weight);
        }
        clients.putIfAbsent(client, new Client(weight));
    }

    @Override
    public void remove(K client) {
        clients.remove(client);
    }

    @Override
    public void allocated(K client, Resources r) {
        add(client(client).held, r, 1);
    }

    @Override
    public void unallocated(K client, Resources r) {
        double[] held = client(client).held;
        add(held, r, -1);
        for (int i = 0; i < KINDS; i++) {
            held[i] = Math.max(0, held[i]);
        }
    }

    @Override
    public void total(Resources t) {
        total[0] = t.cpus();
        total[1] = t.memMb();
        total[2] = t.diskMb();
        total[3] = t.gpus();
    }

    @Override
    public List<K> sort() {
        List<Map.Entry<K, Client>> entries = new ArrayList<>(clients.entrySet());
        double[] shares = new double[entries.size()];
        Integer[] order = new Integer[entries.size()];
        for (int i = 0; i < shares.length; i++) {
            shares[i] = share(entries.get(i).getValue());
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(shares[a], shares[b]));
        List<K> sorted = new ArrayList<>(order.length);
        for (Integer i : order) {
            sorted.add(entries.get(i).getKey());
        }
        return sorted;
    }

    @Override
    public double share(K client) {
        return share(client(client));
    }

    private double share(Client c) {
        double dominant = 0;
        for (int i = 0; i < KINDS; i++) {
            if (total[i] > 0) {
                dominant = Math.max(dominant, c.held[i] / total[i]);
            }
        }
        return dominant / c.weight;
    }

    private Client client(K key) {
        Client c = clients.get(key);
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
