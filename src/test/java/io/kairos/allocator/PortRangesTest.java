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
    void ports_are_handed_out_in_turn_round_the_set() {
        PortRanges r = PortRanges.of(100, 102).plus(PortRanges.of(200, 201));
        assertEquals(PortRanges.of(100, 101), r.inTurnAfter(0, 2), "the first turn starts at the lowest");
        assertEquals(101, PortRanges.lastInTurn(PortRanges.of(100, 101), 0));
        assertEquals(PortRanges.of(102, 102).plus(PortRanges.of(200, 200)), r.inTurnAfter(101, 2), "across ranges");
        PortRanges wrapped = r.inTurnAfter(200, 3);
        assertEquals(PortRanges.of(100, 101).plus(PortRanges.of(201, 201)), wrapped, "201, then round to 100 and 101");
        assertEquals(101, PortRanges.lastInTurn(wrapped, 200), "the next turn starts after the last port given, 101");
        assertEquals(PortRanges.of(100, 100), r.inTurnAfter(201, 1), "after the highest comes the lowest");
        assertEquals(r, r.inTurnAfter(150, 9), "fewer than asked when the set holds fewer");
        assertEquals(PortRanges.NONE, PortRanges.NONE.inTurnAfter(5, 1));
    }

    @Test
    void resources_without_ports_and_gpus_keep_the_three_argument_form() {
        assertEquals(new Resources(1, 2, 3, 0, PortRanges.NONE), new Resources(1, 2, 3));
        assertEquals("1.00 cpus, 2 MiB mem, 3 MiB disk", new Resources(1, 2, 3).toString());
    }
}
