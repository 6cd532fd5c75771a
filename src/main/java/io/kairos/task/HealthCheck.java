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
 * @param portIndex which of the task's host ports ({@code PORT<i>}) an HTTP or TCP check connects to
 * @param path      the HTTP path, starting with '/'; null for TCP
 * @param maxConsecutiveFailures at least 1
 */
public record HealthCheck(Protocol protocol, int portIndex, String path, Duration gracePeriod,
                          Duration interval, Duration timeout, int maxConsecutiveFailures) {

    /**
     * HTTP: a GET answered 200-399 within the timeout. TCP: a connection accepted within it. (Command checks would run
     * a program on the host beside the task, as the task's user: not yet, issue 12.)
     */
    public enum Protocol { HTTP, TCP }

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
    }

    /** What is checked, for messages: {@code HTTP GET :PORT0/health}. */
    public String describe() {
        return switch (protocol) {
            case HTTP -> "HTTP GET :PORT" + portIndex + path;
            case TCP -> "TCP :PORT" + portIndex;
        };
    }
}
