package io.kairos.agent;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostPortsTest {

    @Test
    void a_port_another_program_listens_on_is_named_and_a_free_one_is_not() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            int taken = held.getLocalPort();
            int free;
            try (ServerSocket probe = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
                free = probe.getLocalPort();
            }
            assertNull(HostPorts.busy(List.of(free), "127.0.0.1"));
            assertEquals("port " + taken + " is in use on this agent's host (127.0.0.1) by a program Kairos did not start",
                    HostPorts.busy(List.of(free, taken), "127.0.0.1"));
            assertTrue(HostPorts.busy(List.of(taken), "0.0.0.0").startsWith("port " + taken + " is in use"),
                    "a listener on one interface holds the port for a task binding every interface");
            assertNull(HostPorts.busy(List.of(), "127.0.0.1"));
        }
    }

    @Test
    void docker_says_a_published_port_is_taken_in_two_ways() {
        assertTrue(HostPorts.isPortTaken("Error starting userland proxy: listen tcp4 127.0.0.1:38200: bind: address already in use"));
        assertTrue(HostPorts.isPortTaken("Bind for 0.0.0.0:38200 failed: port is already allocated"));
        assertTrue(!HostPorts.isPortTaken("No such image: local/none"));
    }
}
