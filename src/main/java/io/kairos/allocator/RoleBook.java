package io.kairos.allocator;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Roles, the frameworks in them and what each holds, with the two levels of sorters (roles, then
 * frameworks within a role) and the quota and limit arithmetic.
 */
final class RoleBook {

    private final Supplier<Sorter<FrameworkId>> frameworkSorterFactory;
    private final Sorter<String> roleSorter;
    private final Map<String, Role> roles = new LinkedHashMap<>();
    private final Map<String, Sorter<FrameworkId>> frameworkSorters = new HashMap<>();
    private final Map<String, Held> roleHeld = new HashMap<>();
    private final Map<FrameworkId, String> roleOf = new LinkedHashMap<>();
    private final Map<FrameworkId, Held> frameworkHeld = new HashMap<>();
    private boolean anyQuota;

    /** What a role or framework holds, scalars only; plain numbers because it changes with every claim. */
    private static final class Held {
        double cpus;
        long memMb;
        long diskMb;
        long gpus;

        void add(Resources r) {
            cpus += r.cpus();
            memMb += r.memMb();
            diskMb += r.diskMb();
            gpus += r.gpus();
        }

        void subtractClamped(Resources r) {
            cpus = Math.max(0, cpus - r.cpus());
            memMb = Math.max(0, memMb - r.memMb());
            diskMb = Math.max(0, diskMb - r.diskMb());
            gpus = Math.max(0, gpus - r.gpus());
        }

        /** Whether this plus {@code r} stays within {@code limit}, as {@link Resources#fitsScalars} counts it. */
        boolean withRoomFor(Resources r, Resources limit) {
            return r.cpus() + cpus <= limit.cpus() + 1e-9 && r.memMb() + memMb <= limit.memMb()
                    && r.diskMb() + diskMb <= limit.diskMb() && r.gpus() + gpus <= limit.gpus();
        }

        Resources value() {
            return new Resources(cpus, memMb, diskMb).withGpus(gpus);
        }
    }

    RoleBook(Sorter<String> roleSorter, Supplier<Sorter<FrameworkId>> frameworkSorterFactory) {
        this.roleSorter = roleSorter;
        this.frameworkSorterFactory = frameworkSorterFactory;
    }

    void putRole(Role role) {
        Role old = roles.put(role.name(), role);
        if (old == null) {
            roleSorter.add(role.name(), role.weight());
            frameworkSorters.put(role.name(), frameworkSorterFactory.get());
            roleHeld.put(role.name(), new Held());
        } else if (old.weight() != role.weight()) {
            // a sorter's weight is fixed at add: re-add, carrying the allocation over
            roleSorter.remove(role.name());
            roleSorter.add(role.name(), role.weight());
            roleSorter.allocated(role.name(), roleHeld.get(role.name()).value());
        }
        anyQuota = roles.values().stream().anyMatch(r -> !r.quota().isEmpty());
    }

    void addFramework(FrameworkId id, String role) {
        if (!roles.containsKey(role)) {
            throw new IllegalArgumentException("unknown role " + role);
        }
        if (roleOf.containsKey(id)) {
            throw new IllegalArgumentException("framework " + id + " is already registered");
        }
        roleOf.put(id, role);
        frameworkHeld.put(id, new Held());
        frameworkSorters.get(role).add(id, 1);
    }

    String roleOf(FrameworkId id) {
        String r = roleOf.get(id);
        if (r == null) {
            throw new IllegalArgumentException("unknown framework " + id);
        }
        return r;
    }

    Set<FrameworkId> frameworks() {
        return roleOf.keySet();
    }

    void total(Resources total) {
        roleSorter.total(total);
        frameworkSorters.values().forEach(s -> s.total(total));
    }

    /** {@code f} holds {@code r} more; ports are not counted (sorters look at scalars only). */
    void allocated(FrameworkId f, Resources r) {
        String role = roleOf(f);
        roleHeld.get(role).add(r);
        frameworkHeld.get(f).add(r);
        roleSorter.allocated(role, r);
        frameworkSorters.get(role).allocated(f, r);
    }

    void unallocated(FrameworkId f, Resources r) {
        String role = roleOf(f);
        roleHeld.get(role).subtractClamped(r);
        frameworkHeld.get(f).subtractClamped(r);
        roleSorter.unallocated(role, r);
        frameworkSorters.get(role).unallocated(f, r);
    }

    Resources held(String role) {
        Held h = roleHeld.get(role);
        return h == null ? Resources.NONE : h.value();
    }

    Resources heldBy(FrameworkId f) {
        Held h = frameworkHeld.get(f);
        return h == null ? Resources.NONE : h.value();
    }

    double share(String role) {
        return roleSorter.share(role);
    }

    /**
     * The framework to offer to next among {@code candidates}: roles still short of their quota
     * first, then every role by the sorter's order; within the role, the frameworks' sorter order.
     */
    FrameworkId next(Set<FrameworkId> candidates) {
        if (candidates.isEmpty()) {
            return null;
        }
        List<String> order = roleSorter.sort();
        if (anyQuota) {
            for (String role : order) {
                if (belowQuota(role)) {
                    FrameworkId f = firstIn(role, candidates);
                    if (f != null) {
                        return f;
                    }
                }
            }
        }
        for (String role : order) {
            FrameworkId f = firstIn(role, candidates);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private FrameworkId firstIn(String role, Set<FrameworkId> candidates) {
        for (FrameworkId f : frameworkSorters.get(role).sort()) {
            if (candidates.contains(f)) {
                return f;
            }
        }
        return null;
    }

    boolean belowQuota(String role) {
        Role spec = roles.get(role);
        Held h = roleHeld.get(role);
        if (spec == null || h == null) {
            return false;
        }
        Resources q = spec.quota();
        return h.cpus + 1e-9 < q.cpus() || h.memMb < q.memMb() || h.diskMb < q.diskMb() || h.gpus < q.gpus();
    }

    /**
     * Null when {@code role} may take {@code r} more now: within its limit, and (unless {@code revocable}) leaving
     * enough of the usable free resources for every other role's unmet quota. Otherwise the reason.
     */
    String refuses(String role, Resources r, Supplier<Resources> usableFreeNow, boolean revocable) {
        Role spec = roles.get(role);
        if (spec.limit() != null && !roleHeld.get(role).withRoomFor(r, spec.limit())) {
            return "role limit reached: role " + role + " holds " + held(role) + " of its limit " + spec.limit();
        }
        if (anyQuota && !revocable) {
            Resources usableFree = usableFreeNow.get();
            Resources unmet = Resources.NONE;
            for (Role other : roles.values()) {
                if (!other.name().equals(role)) {
                    unmet = unmet.plus(other.quota().minusClamped(held(other.name())));
                }
            }
            if (!unmet.isEmpty() && !usableFree.minusClamped(unmet).fitsScalars(AgentPool.scalars(r))) {
                return String.format(Locale.ROOT, "free resources are held for other roles' quota: %s free, %s of quota unmet",
                        usableFree, unmet);
            }
        }
        return null;
    }
}
