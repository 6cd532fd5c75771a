package io.kairos.allocator;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DrfSorterTest {

    private final DrfSorter<String> sorter = new DrfSorter<>();

    @Test
    void the_client_with_the_lowest_weighted_dominant_share_comes_first() {
        sorter.total(new Resources(10, 1000, 0));
        sorter.add("a", 1);
        sorter.add("b", 2);
        sorter.add("c", 1);
        sorter.allocated("a", new Resources(2, 100, 0));  // 0.2
        sorter.allocated("b", new Resources(3, 100, 0));  // 0.3 / 2 = 0.15
        sorter.allocated("c", new Resources(1, 500, 0));  // memory: 0.5
        assertEquals(List.of("b", "a", "c"), List.copyOf(sorter.sort()));
        assertEquals(0.15, sorter.share("b"), 1e-12);
    }

    @Test
    void equal_shares_keep_the_order_clients_were_added_in() {
        sorter.total(new Resources(10, 1000, 0));
        sorter.add("z", 1);
        sorter.add("a", 1);
        sorter.add("m", 1);
        assertEquals(List.of("z", "a", "m"), List.copyOf(sorter.sort()));
        sorter.allocated("z", new Resources(1, 0, 0));
        sorter.allocated("m", new Resources(1, 0, 0));
        assertEquals(List.of("a", "z", "m"), List.copyOf(sorter.sort()));
        sorter.unallocated("z", new Resources(1, 0, 0));
        assertEquals(List.of("z", "a", "m"), List.copyOf(sorter.sort()));
    }

    @Test
    void a_client_re_added_after_removal_goes_behind_its_equals() {
        sorter.total(new Resources(10, 1000, 0));
        sorter.add("a", 1);
        sorter.add("b", 1);
        sorter.remove("a");
        sorter.add("a", 1);
        assertEquals(List.of("b", "a"), List.copyOf(sorter.sort()));
    }

    @Test
    void the_kept_order_is_the_order_a_full_sort_gives_after_any_sequence_of_changes() {
        Random rnd = new Random(4);
        Map<String, Double> weights = new LinkedHashMap<>();
        Map<String, double[]> held = new LinkedHashMap<>();
        double[] total = {100, 100_000, 0, 4};
        sorter.total(new Resources(total[0], (long) total[1], 0).withGpus((long) total[3]));
        for (int step = 0; step < 5_000; step++) {
            int op = rnd.nextInt(20);
            String k = "c" + rnd.nextInt(12);
            if (op == 0) {
                sorter.remove(k);
                weights.remove(k);
                held.remove(k);
            } else if (!weights.containsKey(k)) {
                double w = 1 + rnd.nextInt(3);
                sorter.add(k, w);
                weights.put(k, w);
                held.put(k, new double[4]);
            } else if (op == 1) {
                total[0] = 50 + rnd.nextInt(100);
                sorter.total(new Resources(total[0], (long) total[1], 0).withGpus((long) total[3]));
            } else {
                Resources r = new Resources(rnd.nextInt(4) * 0.5, rnd.nextInt(3) * 1024L, 0).withGpus(rnd.nextInt(10) == 0 ? 1 : 0);
                double[] h = held.get(k);
                if (op < 8) {
                    sorter.unallocated(k, r);
                    h[0] = Math.max(0, h[0] - r.cpus());
                    h[1] = Math.max(0, h[1] - r.memMb());
                    h[3] = Math.max(0, h[3] - r.gpus());
                } else {
                    sorter.allocated(k, r);
                    h[0] += r.cpus();
                    h[1] += r.memMb();
                    h[3] += r.gpus();
                }
            }
            List<String> expected = new ArrayList<>(weights.keySet());
            expected.sort(Comparator.comparingDouble(c -> share(held.get(c), total, weights.get(c))));
            assertEquals(expected, List.copyOf(sorter.sort()), "step " + step);
        }
    }

    private static double share(double[] held, double[] total, double weight) {
        double d = 0;
        for (int i = 0; i < 4; i++) {
            if (total[i] > 0) {
                d = Math.max(d, held[i] / total[i]);
            }
        }
        return d / weight;
    }
}
