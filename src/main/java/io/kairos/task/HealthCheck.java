package io.kairos.task;

import java.time.Duration;
import java.util.Objects;

/**
 * A check the agent runs against a task it started (a service's instance), as Mesos' agent-side checks do: the agent
 * sits next to the task, so it reaches the task's ports on its own host even when the scheduler cannot (agents behind
 * NAT). Failures within {@code gracePeriod} of the start do not count until the first success; after
 * {@code maxConsecutiveFailures} failures in a row the agent kills the task and says why in its end.
 *
 * @param protocol  how to check
 * @param portIndex which of the task's host ports ({@code PORT<i>}) an HTTP or TCP check connects to (0 for a command)
 * @param path      the HTTP path, starting with '/'; null for the others
 * @param command   the shell command of a COMMAND check; null for the others
 * @param maxConsecutiveFailures at least 1
 */
public record HealthCheck(Protocol protocol, int portIndex, String path, String command, Duration gracePeriod,
                          Duration interval, Duration timeout, int maxConsecutiveFailures) {

    /**
     * HTTP: a GET answered 200-399 within the timeout. TCP: a connection accepted within it. COMMAND: {@code command}
     * run through {@code /bin/sh -c} where the task runs and as the task runs (inside its container, or as its user with
     * its environment and working directory: never with more rights than the task has), exiting 0 within the timeout.
     */
    public enum Protocol { HTTP, TCP, COMMAND }

    /** An HTTP or TCP check. */
    public HealthCheck(Protocol protocol, int portIndex, String path, Duration gracePeriod, Duration interval, Duration timeout,
                       int maxConsecutiveFailures) {
        this(protocol, portIndex, path, null, gracePeriod, interval, timeout, maxConsecutiveFailures);
    }

    public HealthCheck {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        if (portIndex < 0 || maxConsecutiveFailures < 1 || interval.isZero() || interval.isNegative() || timeout.isZero()
                || timeout.isNegative() || gracePeriod.isNegative()) {
            throw new IllegalArgumentException("health check: portIndex >= 0, maxConsecutiveFailures >= 1, positive interval"
                    + " and timeout, grace >= 0; got " + portIndex + ", " + maxConsecutiveFailures + ", " + interval + ", " + timeout
                    + ", " + gracePeriod);
        }
        if (protocol == Protocol.HTTP && (path == null || !path.startsWith("/"))) {
            throw new IllegalArgumentException("health check: an HTTP check needs a path starting with '/', got " + path);
        }
        if ((protocol == Protocol.COMMAND) != (command != null) || command != null && command.isBlank()) {
            throw new IllegalArgumentException("health check: a COMMAND check, and only it, has a command; got " + protocol
                    + " with " + command);
        }
    }

    /** What is checked, for messages: {@code HTTP GET :PORT0/health}. */
    public String describe() {
        return switch (protocol) {
            case HTTP -> "HTTP GET :PORT" + portIndex + path;
            case TCP -> "TCP :PORT" + portIndex;
            case COMMAND -> "command " + (command.length() > 60 ? command.substring(0, 57) + "..." : command);
        };
    }
}
