package io.kairos.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a service needs now, from what it should be and what runs: how many instances to launch, which to stop and why.
 * Pure; the service framework carries it out every allocation cycle, so a plan that could not be carried out (no room,
 * an agent away) is simply made again.
 *
 * <p>Steady state: missing instances are launched; surplus ones stopped, those not ready first (staging, unhealthy),
 * then the youngest (Marathon's default kill selection), so the longest-serving instances stay. During a deployment
 * (instances of an older configuration remain), new ones are launched while the total stays within
 * {@code (1 + maximumOverCapacity) × instances}, and old ones stopped only while the ready instances stay at least
 * {@code minimumHealthCapacity × instances}; old instances that are not ready go first, as they serve nobody.
 * An instance is ready when it runs and, for a service with health checks, passes them.
 */
public final class ServicePlan {

    private ServicePlan() {
    }

    /**
     * @param delayed the crash-loop back-off holds launches back now
     */
    public record Target(int instances, long configVersion, ServiceDefinition.UpgradeStrategy upgrade, boolean checked,
                         boolean delayed) {
    }

    public record Live(long id, long configVersion, InstanceState state, InstanceLifecycle.Health health, Instant startedAt) {
    }

    /**
     * {@code stop}: instance id to the reason, in the order to stop them. {@code deploying}: old instances remain.
     * {@code settled}: the service is as it should be (its instances all of the configuration, as many as wanted, each
     * ready, none stopping): its deployment is done.
     */
    public record Plan(int launch, Map<Long, String> stop, boolean deploying, boolean settled) {
    }

    public static Plan plan(Target t, List<Live> live) {
        List<Live> fresh = new ArrayList<>();
        List<Live> old = new ArrayList<>();
        int stopping = 0;
        for (Live l : live) {
            if (l.state() == InstanceState.KILLING) {
                stopping++;
            } else if (!l.state().isTerminal()) {
                (l.configVersion() == t.configVersion() ? fresh : old).add(l);
            }
        }
        Map<Long, String> stop = new LinkedHashMap<>();
        Comparator<Live> goFirst = Comparator.<Live, Boolean>comparing(l -> ready(t, l)).thenComparing(ServicePlan::age);
        if (old.isEmpty()) {
            if (fresh.size() > t.instances()) {
                fresh.stream().sorted(goFirst).limit(fresh.size() - t.instances())
                        .forEach(l -> stop.put(l.id(), "scaled down to " + t.instances() + " instances"));
            }
            int launch = t.delayed() ? 0 : Math.max(0, t.instances() - fresh.size());
            boolean settled = stopping == 0 && fresh.size() == t.instances() && fresh.stream().allMatch(l -> ready(t, l));
            return new Plan(launch, stop, false, settled);
        }
        int n = t.instances();
        int minReady = minReady(n, t.upgrade());
        int maxTotal = maxTotal(n, t.upgrade());
        long readyFresh = fresh.stream().filter(l -> ready(t, l)).count();
        long readyOld = old.stream().filter(l -> ready(t, l)).count();
        // old instances that serve nobody go at once; ready ones as far as the ready count allows
        long mayStop = Math.max(0, readyFresh + readyOld - minReady);
        if (readyFresh >= n) {
            mayStop = Long.MAX_VALUE; // the new configuration is complete: the rest of the old goes
        }
        for (Live l : old.stream().sorted(goFirst).toList()) {
            if (!ready(t, l)) {
                stop.put(l.id(), "replaced by configuration " + t.configVersion());
            } else if (mayStop > 0) {
                stop.put(l.id(), "replaced by configuration " + t.configVersion());
                mayStop--;
            }
        }
        // the ones stopped now still hold their place until they have ended
        int room = maxTotal - (fresh.size() + old.size() + stopping);
        int launch = t.delayed() ? 0 : Math.max(0, Math.min(n - fresh.size(), room));
        if (fresh.size() > n) {
            fresh.stream().sorted(goFirst).limit(fresh.size() - n)
                    .forEach(l -> stop.put(l.id(), "scaled down to " + n + " instances"));
        }
        return new Plan(launch, stop, true, false);
    }

    /** The instances that must serve throughout a deployment of {@code n}: {@code minimumHealthCapacity × n}, rounded up. */
    static int minReady(int n, ServiceDefinition.UpgradeStrategy s) {
        return (int) Math.ceil(n * s.minimumHealthCapacity() - 1e-9);
    }

    /** The most instances there may be during a deployment of {@code n}: {@code (1 + maximumOverCapacity) × n}, rounded down. */
    static int maxTotal(int n, ServiceDefinition.UpgradeStrategy s) {
        return (int) Math.floor(n * (1 + s.maximumOverCapacity()) + 1e-9);
    }

    static boolean ready(Target t, Live l) {
        return l.state() == InstanceState.RUNNING && (!t.checked() || l.health() == InstanceLifecycle.Health.HEALTHY);
    }

    /** Youngest first: a later start (or none yet) sorts before an earlier one. */
    private static long age(Live l) {
        return l.startedAt() == null ? Long.MIN_VALUE : -l.startedAt().toEpochMilli();
    }
}
