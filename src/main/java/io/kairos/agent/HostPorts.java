package io.kairos.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether the host ports a task was given are free on this host. An agent offers a port range it does not own
 * exclusively: another program on the host may hold one of its ports. A task given such a port is not launched
 * ({@link io.kairos.task.TaskOutcome#notLaunched}): nothing ran, the job is not at fault, and the run is queued again
 * on other ports.
 */
public final class HostPorts {

    private HostPorts() {
    }

    /**
     * Why {@code ports} cannot be bound on {@code address} ({@code 0.0.0.0}: any interface), or null when each of
     * them can. Checked by binding and closing each port: a listener elsewhere on the host makes the bind fail.
     */
    public static String busy(List<Integer> ports, String address) {
        if (ports.isEmpty()) {
            return null;
        }
        InetAddress bind;
        try {
            bind = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            return null; // the launch itself reports an address it cannot use
        }
        List<Integer> taken = new ArrayList<>();
        for (int port : ports) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(bind, port));
            } catch (IOException e) {
                taken.add(port);
            }
        }
        return taken.isEmpty() ? null : inUse(taken, address);
    }

    /** The message of a task whose ports another program holds. */
    static String inUse(List<Integer> ports, String address) {
        return (ports.size() == 1 ? "port " + ports.get(0) + " is" : "ports " + ports + " are")
                + " in use on this agent's host (" + address + ") by a program Kairos did not start";
    }

    /** Whether a Docker error says a published port is taken (the check above raced with another program). */
    static boolean isPortTaken(String dockerMessage) {
        String m = dockerMessage == null ? "" : dockerMessage.toLowerCase(Locale.ROOT);
        return m.contains("address already in use") || m.contains("port is already allocated");
    }
}
