package io.kairos.allocator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Level one of the two-level scheduler: keeps each agent's total, allocated and offered resources
 * and lends free resources out as offers. Pure state, no I/O, not thread-safe: the caller (one
 * allocation loop on the leader) serialises access.
 *
 * <p>Invariant: for every agent, allocated + offered &lt;= total, so a resource is never offered
 * twice at once. The fair ordering between roles and frameworks (weighted DRF) arrives with the
 * agent-pool issue (#4); today one framework, batch, receives every offer.
 */
public final class Allocator {

    private final Map<AgentId, AgentSlot> agents = new LinkedHashMap<>();
    private final Map<OfferId, Offer> outstanding = new LinkedHashMap<>();
    private final Duration offerTimeout;
    private long nextOfferId = 1;

    public Allocator(Duration offerTimeout) {
        this.offerTimeout = offerTimeout;
    }

    public void addAgent(AgentId id, String hostname, Resources total, Map<String, String> attributes) {
        agents.put(id, new AgentSlot(id, hostname, total, Map.copyOf(attributes)));
    }

    /** Removes an agent and rescinds its outstanding offers; returns the rescinded offers. */
    public List<Offer> removeAgent(AgentId id) {
        agents.remove(id);
        List<Offer> rescinded = new ArrayList<>();
        outstanding.values().removeIf(o -> {
            if (o.agent().equals(id)) {
                rescinded.add(o);
                return true;
            }
            return false;
        });
        return rescinded;
    }

    /** Marks resources as used by a task that already runs (recovery after a restart). */
    public void allocate(AgentId id, Resources used) {
        AgentSlot a = agent(id);
        a.allocated = a.allocated.plus(used);
    }

    /** A task ended: its resources become free again. */
    public void release(AgentId id, Resources used) {
        AgentSlot a = agents.get(id);
        if (a != null) {
            a.allocated = clampToZero(a.allocated, used);
        }
    }

    /**
     * Expires stale offers, then offers every agent's free, not-yet-offered resources. An agent
     * with nothing free gets no offer.
     */
    public List<Offer> makeOffers(Instant now) {
        expire(now);
        List<Offer> made = new ArrayList<>();
        for (AgentSlot a : agents.values()) {
            Resources free = a.unoffered();
            if (free.cpus() <= 0 || free.memMb() <= 0) {
                continue;
            }
            Offer o = new Offer(new OfferId(nextOfferId++), a.id, a.hostname, a.attributes, free, now.plus(offerTimeout));
            a.offered = a.offered.plus(free);
            outstanding.put(o.id(), o);
            made.add(o);
        }
        return made;
    }

    /** The framework uses {@code used} of the offer; the rest returns to the agent's free pool. */
    public void accept(OfferId id, Resources used) {
        Offer o = outstanding.remove(id);
        if (o == null) {
            throw new IllegalStateException("offer " + id.value() + " is no longer outstanding");
        }
        if (!o.resources().fits(used)) {
            throw new IllegalArgumentException("offer " + id.value() + " has " + o.resources() + ", asked for " + used);
        }
        AgentSlot a = agent(o.agent());
        a.offered = clampToZero(a.offered, o.resources());
        a.allocated = a.allocated.plus(used);
    }

    public void decline(OfferId id) {
        Offer o = outstanding.remove(id);
        if (o != null) {
            AgentSlot a = agents.get(o.agent());
            if (a != null) {
                a.offered = clampToZero(a.offered, o.resources());
            }
        }
    }

    public Collection<AgentView> agents() {
        return agents.values().stream()
                .map(a -> new AgentView(a.id, a.hostname, a.attributes, a.total, a.allocated))
                .toList();
    }

    public Optional<AgentView> agentView(AgentId id) {
        return Optional.ofNullable(agents.get(id)).map(a -> new AgentView(a.id, a.hostname, a.attributes, a.total, a.allocated));
    }

    private void expire(Instant now) {
        List<OfferId> stale = outstanding.values().stream().filter(o -> !o.expiresAt().isAfter(now)).map(Offer::id).toList();
        stale.forEach(this::decline);
    }

    private AgentSlot agent(AgentId id) {
        AgentSlot a = agents.get(id);
        if (a == null) {
            throw new IllegalArgumentException("unknown agent " + id);
        }
        return a;
    }

    private static Resources clampToZero(Resources from, Resources minus) {
        return new Resources(Math.max(0, from.cpus() - minus.cpus()), Math.max(0, from.memMb() - minus.memMb()),
                Math.max(0, from.diskMb() - minus.diskMb()));
    }

    /** A read-only picture of one agent. */
    public record AgentView(AgentId id, String hostname, Map<String, String> attributes, Resources total, Resources allocated) {
        public Resources free() {
            return clampToZero(total, allocated);
        }
    }

    private static final class AgentSlot {
        final AgentId id;
        final String hostname;
        final Resources total;
        final Map<String, String> attributes;
        Resources allocated = Resources.NONE;
        Resources offered = Resources.NONE;

        AgentSlot(AgentId id, String hostname, Resources total, Map<String, String> attributes) {
            this.id = id;
            this.hostname = hostname;
            this.total = total;
            this.attributes = attributes;
        }

        Resources unoffered() {
            return clampToZero(clampToZero(total, allocated), offered);
        }
    }
}
