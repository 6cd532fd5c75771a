package io.kairos.allocator;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortRangesTest {

    @Test
    void taking_ports_out_of_a_range_splits_it() {
        PortRanges left = PortRanges.of(31000, 31010).minus(PortRanges.of(31003, 31004));
        assertEquals("[31000-31002, 31005-31010]", left.toString());
        assertEquals(9, left.count());
    }

    @Test
    void giving_ports_back_merges_adjacent_ranges() {
        PortRanges all = PortRanges.of(31000, 31002).plus(PortRanges.of(31005, 31010)).plus(PortRanges.of(31003, 31004));
        assertEquals(PortRanges.of(31000, 31010), all);
    }

    @Test
    void the_lowest_ports_are_taken_across_ranges() {
        PortRanges r = PortRanges.of(100, 101).plus(PortRanges.of(200, 205));
        assertEquals(PortRanges.of(100, 101).plus(PortRanges.of(200, 200)), r.lowest(3));
        assertTrue(r.contains(r.lowest(3)));
        assertFalse(r.contains(PortRanges.of(102, 102)));
    }

    @Test
    void resources_without_ports_and_gpus_keep_the_three_argument_form() {
        assertEquals(new Resources(1, 2, 3, 0, PortRanges.NONE), new Resources(1, 2, 3));
        assertEquals("1.00 cpus, 2 MiB mem, 3 MiB disk", new Resources(1, 2, 3).toString());
    }
}
