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
    private final Map<String, Resources> roleHeld = new HashMap<>();
    private final Map<FrameworkId, String> roleOf = new LinkedHashMap<>();
    private final Map<FrameworkId, Resources> frameworkHeld = new HashMap<>();
    private boolean anyQuota;

    RoleBook(Sorter<String> roleSorter, Supplier<Sorter<FrameworkId>> frameworkSorterFactory) {
        this.roleSorter = roleSorter;
        this.frameworkSorterFactory = frameworkSorterFactory;
    }

    void putRole(Role role) {
        Role old = roles.put(role.name(), role);
        if (old == null) {
            roleSorter.add(role.name(), role.weight());
            frameworkSorters.put(role.name(), frameworkSorterFactory.get());
            roleHeld.put(role.name(), Resources.NONE);
        } else if (old.weight() != role.weight()) {
            // a sorter's weight is fixed at add: re-add, carrying the allocation over
            roleSorter.remove(role.name());
            roleSorter.add(role.name(), role.weight());
            roleSorter.allocated(role.name(), roleHeld.get(role.name()));
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
        frameworkHeld.put(id, Resources.NONE);
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

    void allocated(FrameworkId f, Resources r) {
        Resources s = AgentPool.scalars(r);
        String role = roleOf(f);
        roleHeld.merge(role, s, Resources::plus);
        frameworkHeld.merge(f, s, Resources::plus);
        roleSorter.allocated(role, s);
        frameworkSorters.get(role).allocated(f, s);
    }

    void unallocated(FrameworkId f, Resources r) {
        Resources s = AgentPool.scalars(r);
        String role = roleOf(f);
        roleHeld.computeIfPresent(role, (k, v) -> v.minusClamped(s));
        frameworkHeld.computeIfPresent(f, (k, v) -> v.minusClamped(s));
        roleSorter.unallocated(role, s);
        frameworkSorters.get(role).unallocated(f, s);
    }

    Resources held(String role) {
        return roleHeld.getOrDefault(role, Resources.NONE);
    }

    Resources heldBy(FrameworkId f) {
        return frameworkHeld.getOrDefault(f, Resources.NONE);
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
        Resources q = roles.get(role).quota();
        Resources h = held(role);
        return h.cpus() + 1e-9 < q.cpus() || h.memMb() < q.memMb() || h.diskMb() < q.diskMb() || h.gpus() < q.gpus();
    }

    /**
     * Null when {@code role} may take {@code r} more now: within its limit, and leaving enough of
     * {@code usableFree} for every other role's unmet quota. Otherwise the reason.
     */
    String refuses(String role, Resources r, Resources usableFree) {
        Role spec = roles.get(role);
        Resources after = held(role).plus(AgentPool.scalars(r));
        if (spec.limit() != null && !spec.limit().fitsScalars(after)) {
            return "role limit reached: role " + role + " holds " + held(role) + " of its limit " + spec.limit();
        }
        if (anyQuota) {
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
