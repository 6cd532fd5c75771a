package io.kairos.agent;

import io.kairos.allocator.PortRanges;
import io.kairos.allocator.Resources;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AgentResourcesTest {

    @Test
    void mesos_notation_gives_scalars_gpus_and_port_ranges() {
        Resources r = AgentResources.parse("cpus:4;mem:8192;disk:20000;gpus:2;ports:[31000-32000,33000-33010]");
        assertEquals(new Resources(4, 8192, 20000).withGpus(2)
                .withPorts(PortRanges.of(31000, 32000).plus(PortRanges.of(33000, 33010))), r);
        assertEquals(List.of("31000-32000", "33000-33010"), r.ports().ranges());
    }

    /** A newcomer's standalone Kairos ran no service with a port: its detected agent offered none. */
    @Test
    void a_detected_agent_offers_mesos_default_port_range() {
        assertEquals(List.of("31000-32000"), AgentResources.detect().ports().ranges());
    }

    @Test
    void a_malformed_port_range_is_named() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentResources.parse("cpus:1;ports:[32000-31000]"));
        assertEquals("agent resources: bad value for ports: [32000-31000]", e.getMessage());
    }

    @Test
    void attributes_keep_their_order() {
        assertEquals(List.of("rack", "zone"), List.copyOf(AgentResources.parseAttributes("rack:r1; zone:a").keySet()));
        assertEquals(Map.of("rack", "r1", "zone", "a"), AgentResources.parseAttributes("rack:r1;zone:a"));
    }

    @Test
    void a_malformed_value_is_named() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentResources.parse("cpus:four"));
        assertEquals("agent resources: bad value for cpus: four", e.getMessage());
    }
}
