package io.kairos.allocator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Level one of the two-level scheduler. Keeps every agent's total, allocated and offered resources,
 * the roles and their frameworks, and decline filters; lends free resources out as offers. Pure
 * state, no I/O, not thread-safe: one allocation loop on the leader serialises access.
 *
 * <p><b>Progressive filling, one task at a time.</b> An allocation cycle ({@link #allocate}) is a
 * loop: pick the framework most owed — roles short of their quota first, then the role with the
 * lowest weighted dominant share, then the framework with the lowest share within it — and hand it
 * an offer good for one task ({@link TaskOffer}: every agent it may use, indexed by free cpus).
 * The framework's {@link Placer} claims one task on one agent; the claim counts as allocated at
 * once, and the order is sorted again before the next task. A framework that claims nothing is
 * done for the cycle; the cycle ends when all are. Then the claims become {@link Offer}s, one per
 * framework and agent, cut to exactly what was claimed, which the framework accepts or declines.
 *
 * <p>Why this and not Mesos' whole-agent offers: handing a whole agent's free resources to the
 * framework first in line lets it take all of them, so DRF only holds across many agents and many
 * cycles; on one 9-cpu agent the first framework would get everything. Why not demand lists cut by
 * the allocator: then level one would choose the agent, and constraints, bin-packing and spreading
 * (level two's job) would be second-guessed through declines. The order after each task is cheap:
 * a sorter keeps it and a claim moves one client ({@link DrfSorter}), so fairness stays exact
 * within a cycle, live.
 *
 * <p>Invariants: for every agent, allocated + offered &lt;= total, and nothing is offered twice at
 * once; no role's holdings pass its limit; free resources needed for other roles' unmet quota are
 * not offered to a role beyond its own quota.
 */
public final class Allocator {

    private final AgentPool pool = new AgentPool();
    private final RoleBook roles;
    private final Map<OfferId, Offer> outstanding = new LinkedHashMap<>();
    private final Map<FrameworkId, Map<AgentId, Instant>> filters = new HashMap<>();
    private final Set<FrameworkId> suppressed = new LinkedHashSet<>();
    private final Duration offerTimeout;
    private final Supplier<Resources> usableFree = pool::usableFree;
    private long nextOfferId = 1;

    /** Weighted DRF over roles and over frameworks within a role. */
    public Allocator(Duration offerTimeout) {
        this(offerTimeout, DrfSorter::new, DrfSorter::new);
    }

    public Allocator(Duration offerTimeout, Supplier<Sorter<String>> roleSorter, Supplier<Sorter<FrameworkId>> frameworkSorters) {
        this.offerTimeout = offerTimeout;
        this.roles = new RoleBook(roleSorter.get(), frameworkSorters);
    }

    // ---- roles and frameworks

    /** Adds a role or changes its weight, quota or limit. */
    public void putRole(Role role) {
        roles.putRole(role);
        roles.total(pool.total());
    }

    public void addFramework(FrameworkId id, String role) {
        roles.addFramework(id, role);
        roles.total(pool.total());
    }

    /** The framework has nothing to run: no offers until {@link #revive}. */
    public void suppress(FrameworkId id) {
        roles.roleOf(id);
        suppressed.add(id);
    }

    /** Work arrived: offers resume, and the framework's decline filters are cleared (as in Mesos). */
    public void revive(FrameworkId id) {
        roles.roleOf(id);
        suppressed.remove(id);
        filters.remove(id);
    }

    public boolean isSuppressed(FrameworkId id) {
        return suppressed.contains(id);
    }

    // ---- agents

    /** Registers an agent; {@code hostname} is added to its attributes. */
    public void addAgent(AgentId id, String hostname, Resources total, Map<String, String> attributes) {
        pool.add(id, hostname, total, attributes);
        roles.total(pool.total());
    }

    /**
     * Removes an agent: its outstanding offers are rescinded (returned) and what its tasks held is
     * given back to their frameworks' shares.
     */
    public List<Offer> removeAgent(AgentId id) {
        List<Offer> rescinded = rescind(id);
        AgentPool.Slot s = pool.remove(id);
        if (s != null) {
            s.usedBy.forEach(roles::unallocated);
        }
        roles.total(pool.total());
        return rescinded;
    }

    /** A draining agent gets no new offers; its outstanding ones are rescinded (returned). */
    public List<Offer> drain(AgentId id) {
        pool.setDraining(pool.require(id), true);
        return rescind(id);
    }

    public void undrain(AgentId id) {
        pool.setDraining(pool.require(id), false);
    }

    /** Marks resources as used by a task that already runs (recovery after a restart). */
    public void allocate(FrameworkId framework, AgentId agent, Resources used) {
        AgentPool.Slot s = pool.require(agent);
        pool.update(s, s.allocated.plus(used), s.offered);
        s.usedBy.merge(framework, used, Resources::plus);
        roles.allocated(framework, used);
    }

    /** A task ended: its resources become free again. Unknown agents are ignored (already removed). */
    public void release(FrameworkId framework, AgentId agent, Resources used) {
        AgentPool.Slot s = pool.get(agent);
        if (s == null) {
            return;
        }
        pool.update(s, s.allocated.minusClamped(used), s.offered);
        s.usedBy.computeIfPresent(framework, (k, v) -> v.minusClamped(used));
        roles.unallocated(framework, used);
    }

    // ---- the cycle

    /**
     * One allocation cycle at {@code now}: expires stale offers and filters, then fills
     * progressively (see the class comment) among the registered, unsuppressed frameworks that
     * have a placer in {@code placers}.
     */
    public Allocation allocate(Instant now, Map<FrameworkId, ? extends Placer> placers) {
        expire(now);
        Set<FrameworkId> active = new LinkedHashSet<>();
        for (FrameworkId f : placers.keySet()) {
            if (!suppressed.contains(f) && roles.frameworks().contains(f)) {
                active.add(f);
            }
        }
        Map<FrameworkId, View> views = new HashMap<>();
        // frameworks in the order of their first claim, which is the order their offers go out in
        List<View> claimedBy = new ArrayList<>();
        FrameworkId f;
        while ((f = roles.next(active)) != null) {
            View view = views.get(f);
            if (view == null) {
                view = new View(f, roles.roleOf(f), now, placers.get(f));
                views.put(f, view);
            }
            Optional<Claim> c = view.placer.claim(view);
            if (c.isEmpty()) {
                active.remove(f);
                continue;
            }
            commit(view, c.get());
            if (view.claims.isEmpty()) {
                claimedBy.add(view);
            }
            view.claims.computeIfAbsent(c.get().agent(), k -> new ArrayList<>(2)).add(c.get());
        }
        List<Offer> offers = new ArrayList<>();
        List<Allocation.Grant> grants = new ArrayList<>();
        for (View view : claimedBy) {
            view.claims.forEach((agent, onAgent) -> {
                Resources r = onAgent.get(0).resources();
                for (int i = 1; i < onAgent.size(); i++) {
                    r = r.plus(onAgent.get(i).resources());
                }
                AgentPool.Slot s = pool.require(agent);
                Offer o = new Offer(new OfferId(nextOfferId++), view.framework, agent, s.hostname, s.attributes, r,
                        now.plus(offerTimeout));
                outstanding.put(o.id(), o);
                offers.add(o);
                for (Claim c : onAgent) {
                    grants.add(new Allocation.Grant(view.framework, c.key(), o.id(), agent, c.resources()));
                }
            });
        }
        return new Allocation(offers, grants);
    }

    private void commit(View view, Claim c) {
        AgentPool.Slot s = pool.get(c.agent());
        String why = s == null ? "unknown agent " + c.agent() : view.agentRefuses(s);
        if (why == null && !s.free.fits(c.resources())) {
            why = "agent " + s.hostname + " has " + s.free + " free, claimed " + c.resources();
        }
        if (why == null) {
            why = view.roleRefuses(c.resources(), c.revocable());
        }
        if (why != null) {
            throw new IllegalArgumentException("framework " + view.framework + " claimed task " + c.key() + " wrongly: " + why);
        }
        pool.update(s, s.allocated, s.offered.plus(c.resources()));
        roles.allocated(view.framework, c.resources());
    }

    // ---- offers

    /** The framework uses {@code used} of the offer; the rest returns to the pool, with no filter. */
    public void accept(OfferId id, Resources used) {
        Offer o = outstanding.get(id);
        if (o == null) {
            throw new IllegalStateException("offer " + id.value() + " is no longer outstanding");
        }
        if (!o.resources().fits(used)) {
            throw new IllegalArgumentException("offer " + id.value() + " has " + o.resources() + ", asked for " + used);
        }
        outstanding.remove(id);
        AgentPool.Slot s = pool.require(o.agent());
        pool.update(s, s.allocated.plus(used), s.offered.minusClamped(o.resources()));
        s.usedBy.merge(o.framework(), used, Resources::plus);
        roles.unallocated(o.framework(), o.resources().minusClamped(used));
    }

    /**
     * The framework uses none of the offer. With {@code refuse} positive, the agent is not offered to
     * this framework again until {@code now + refuse} (or until it revives); others still get it.
     */
    public void decline(OfferId id, Duration refuse, Instant now) {
        Offer o = giveBack(id);
        if (o != null && !refuse.isNegative() && !refuse.isZero()) {
            filters.computeIfAbsent(o.framework(), k -> new HashMap<>()).put(o.agent(), now.plus(refuse));
        }
    }

    public Collection<Offer> outstanding() {
        return List.copyOf(outstanding.values());
    }

    private Offer giveBack(OfferId id) {
        Offer o = outstanding.remove(id);
        if (o != null) {
            AgentPool.Slot s = pool.get(o.agent());
            if (s != null) {
                pool.update(s, s.allocated, s.offered.minusClamped(o.resources()));
            }
            roles.unallocated(o.framework(), o.resources());
        }
        return o;
    }

    private List<Offer> rescind(AgentId agent) {
        List<OfferId> ids = outstanding.values().stream().filter(o -> o.agent().equals(agent)).map(Offer::id).toList();
        List<Offer> rescinded = new ArrayList<>();
        ids.forEach(id -> rescinded.add(giveBack(id)));
        return rescinded;
    }

    private void expire(Instant now) {
        List<OfferId> stale = outstanding.values().stream().filter(o -> !o.expiresAt().isAfter(now)).map(Offer::id).toList();
        stale.forEach(this::giveBack);
        filters.values().forEach(m -> m.values().removeIf(until -> !until.isAfter(now)));
    }

    // ---- read-only views

    public Collection<AgentView> agents() {
        return pool.all().stream().map(AgentView::of).toList();
    }

    public Optional<AgentView> agentView(AgentId id) {
        return Optional.ofNullable(pool.get(id)).map(AgentView::of);
    }

    /** The role's weighted dominant share, as the sorter sees it. */
    public double share(String role) {
        return roles.share(role);
    }

    /** Whether the role holds less than its quota (and so is owed resources, by preemption if need be). */
    public boolean belowQuota(String role) {
        return roles.belowQuota(role);
    }

    /** What the role holds now, offers included (scalars). */
    public Resources held(String role) {
        return roles.held(role);
    }

    /** A read-only picture of one agent. */
    public record AgentView(AgentId id, String hostname, Map<String, String> attributes, Resources total,
                            Resources allocated, Resources free, boolean draining) implements FreeAgent {
        static AgentView of(AgentPool.Slot s) {
            return new AgentView(s.id, s.hostname, s.attributes, s.total, s.allocated, s.free, s.draining);
        }
    }

    /**
     * The offer good for one task handed to a placer; reused through a cycle for one framework, and
     * keeps what the framework claimed in it, by agent in the order first claimed.
     */
    private final class View implements TaskOffer {
        final FrameworkId framework;
        final String role;
        final Instant now;
        final Placer placer;
        final Map<AgentId, List<Claim>> claims = new LinkedHashMap<>();

        View(FrameworkId framework, String role, Instant now, Placer placer) {
            this.framework = framework;
            this.role = role;
            this.now = now;
            this.placer = placer;
        }

        @Override public FrameworkId framework() { return framework; }
        @Override public String role() { return role; }

        @Override
        public Iterable<FreeAgent> tightestFirst(double minCpus) {
            return usable(minCpus, true);
        }

        @Override
        public Iterable<FreeAgent> loosestFirst(double minCpus) {
            return usable(minCpus, false);
        }

        private Iterable<FreeAgent> usable(double minCpus, boolean ascending) {
            Map<AgentId, Instant> refused = filters.get(framework);
            Iterable<AgentPool.Slot> slots = pool.withAtLeast(minCpus, ascending);
            if (refused == null || refused.isEmpty()) {
                return () -> new java.util.Iterator<>() {
                    final java.util.Iterator<AgentPool.Slot> it = slots.iterator();
                    @Override public boolean hasNext() { return it.hasNext(); }
                    @Override public FreeAgent next() { return it.next(); }
                };
            }
            return () -> java.util.stream.StreamSupport.stream(slots.spliterator(), false)
                    .filter(s -> !filtered(refused, s.id))
                    .map(s -> (FreeAgent) s)
                    .iterator();
        }

        private boolean filtered(Map<AgentId, Instant> refused, AgentId agent) {
            Instant until = refused.get(agent);
            return until != null && until.isAfter(now);
        }

        @Override
        public String roleRefuses(Resources r, boolean revocable) {
            return roles.refuses(role, r, usableFree, revocable);
        }

        @Override
        public String agentRefuses(FreeAgent agent) {
            if (agent.draining()) {
                return "agent draining: " + agent.hostname() + " takes no new tasks";
            }
            Map<AgentId, Instant> refused = filters.get(framework);
            if (refused != null && filtered(refused, agent.id())) {
                return "agent " + agent.hostname() + " was declined by " + framework + " until " + refused.get(agent.id());
            }
            return null;
        }

        @Override
        public Optional<FreeAgent> agent(AgentId id) {
            return Optional.ofNullable(pool.get(id));
        }

        @Override
        public Collection<? extends FreeAgent> allAgents() {
            return pool.all();
        }
    }
}
