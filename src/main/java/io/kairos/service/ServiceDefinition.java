package io.kairos.service;

import io.kairos.job.JobDefinition;
import io.kairos.job.JobResources;
import io.kairos.framework.placement.Placement;
import io.kairos.task.HealthCheck;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A long-running service: {@code instances} copies of one task, kept running by the service framework. What the
 * instances run ({@link #sameTask}) is the service's configuration; changing it rolls the instances over to the new one
 * (a deployment), changing only {@code instances} scales.
 *
 * @param id       a path like {@code /team/web}
 * @param ports    the host ports each instance is given ({@code PORT0..}), in order
 * @param role     the allocator role its resources are accounted to (default {@code services})
 * @param priority -1000..1000, default 0: when instances of several services wait for resources, those of higher
 *                 priority are placed first (and so are first to preempt revocable batch); as a job's priority
 */
public record ServiceDefinition(String id, String description, String owner, JobDefinition.ContainerSpec container,
                                String command, List<String> args, Map<String, String> env, int instances,
                                JobResources resources, List<Port> ports, List<List<String>> constraints, Placement placement,
                                String role, int priority, Map<String, String> labels, List<Check> healthChecks,
                                UpgradeStrategy upgradeStrategy,
                                @com.fasterxml.jackson.annotation.JsonUnwrapped Backoff backoff) {

    public static final String DEFAULT_ROLE = "services";

    public ServiceDefinition {
        Objects.requireNonNull(id, "id");
        args = args == null ? null : List.copyOf(args);
        env = Map.copyOf(env);
        ports = List.copyOf(ports);
        constraints = List.copyOf(constraints);
        labels = Map.copyOf(labels);
        healthChecks = List.copyOf(healthChecks);
    }

    /**
     * A host port of each instance, by name ({@code http}) or none. {@code containerPort}: for a container, the port
     * inside it that the host port is published to (Marathon's {@code portMappings}); null: the host port's own
     * number, which the program reads from {@code $PORT0}.
     */
    public record Port(String name, Integer containerPort) {
        public Port(String name) {
            this(name, null);
        }
    }

    /**
     * A health check as the API says it, durations in whole seconds (Marathon's names). See {@link HealthCheck}.
     */
    public record Check(HealthCheck.Protocol protocol, int portIndex, String path, String command, int gracePeriodSeconds,
                        int intervalSeconds, int timeoutSeconds, int maxConsecutiveFailures) {

        public HealthCheck toTask() {
            return new HealthCheck(protocol, portIndex, path, command, Duration.ofSeconds(gracePeriodSeconds),
                    Duration.ofSeconds(intervalSeconds), Duration.ofSeconds(timeoutSeconds), maxConsecutiveFailures);
        }
    }

    /**
     * How a new configuration replaces the instances: at least {@code minimumHealthCapacity × instances} healthy
     * instances at all times (rounded up), and at most {@code (1 + maximumOverCapacity) × instances} in all (rounded
     * down). Both 0..1; Marathon's defaults are 1 and 1 (start all new ones, then stop the old).
     */
    public record UpgradeStrategy(double minimumHealthCapacity, double maximumOverCapacity) {
        public static final UpgradeStrategy DEFAULT = new UpgradeStrategy(1.0, 1.0);
    }

    /**
     * Crash-loop back-off: after an instance fails, the next launch waits {@code backoffSeconds}, times
     * {@code backoffFactor} for each further failure in a row, at most {@code maxLaunchDelaySeconds}.
     */
    public record Backoff(double backoffSeconds, double backoffFactor, int maxLaunchDelaySeconds) {
        public static final Backoff DEFAULT = new Backoff(1, 1.15, 300);

        /** The delay after {@code failures} failures in a row (1: the first). */
        public Duration delay(int failures) {
            if (failures <= 0) {
                return Duration.ZERO;
            }
            double seconds = backoffSeconds * Math.pow(backoffFactor, failures - 1);
            return Duration.ofMillis((long) (Math.min(seconds, maxLaunchDelaySeconds) * 1000));
        }
    }

    /** Whether {@code other} runs the same task, so that its instances need not be replaced (only the count may differ). */
    public boolean sameTask(ServiceDefinition other) {
        return Objects.equals(container, other.container) && Objects.equals(command, other.command)
                && Objects.equals(args, other.args) && env.equals(other.env) && resources.equals(other.resources)
                && ports.stream().map(Port::containerPort).toList().equals(other.ports.stream().map(Port::containerPort).toList())
                && constraints.equals(other.constraints) && placement == other.placement
                && role.equals(other.role) && healthChecks.equals(other.healthChecks);
    }

    /** The same service with {@code n} instances. */
    public ServiceDefinition withInstances(int n) {
        return new ServiceDefinition(id, description, owner, container, command, args, env, n, resources, ports, constraints,
                placement, role, priority, labels, healthChecks, upgradeStrategy, backoff);
    }
}
