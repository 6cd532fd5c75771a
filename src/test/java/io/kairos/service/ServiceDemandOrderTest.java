package io.kairos.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The order in which services' wanted instances go to the dispatcher, which places (and preempts for) them in turn. */
class ServiceDemandOrderTest {

    private static Instances.Wanted wanted(String id, Integer priority) throws Exception {
        String p = priority == null ? "" : ", \"priority\": " + priority;
        ServiceDefinition def = ServiceJson.parse(new ObjectMapper().readTree("{\"id\": \"" + id + "\", \"command\": \"sleep 600\"" + p
                + "}"), null);
        return new Instances.Wanted(def.id(), 1, def, 1);
    }

    @Test
    void services_of_higher_priority_are_placed_first_and_those_of_equal_priority_keep_their_order() throws Exception {
        List<Instances.Wanted> wanted = List.of(wanted("/a", null), wanted("/low", -5), wanted("/b", 0), wanted("/high", 1000),
                wanted("/c", null), wanted("/mid", 10), wanted("/lowest", -1000));
        assertEquals(List.of("/high", "/mid", "/a", "/b", "/c", "/low", "/lowest"),
                Instances.inPlacementOrder(wanted).stream().map(Instances.Wanted::serviceId).toList());
    }

    @Test
    void services_without_a_priority_keep_the_order_they_were_read_in() throws Exception {
        List<Instances.Wanted> wanted = List.of(wanted("/z", null), wanted("/y", null), wanted("/x", null));
        assertEquals(wanted, Instances.inPlacementOrder(wanted));
    }
}
