package io.kairos.allocator;

import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The agents and their book-keeping: total, allocated (per framework) and offered. Keeps the
 * agents indexed by free cpus so level two finds the tightest (or loosest) fit in O(log n) rather
 * than scanning 10,000 agents per task, and keeps the pool's free and total sums for DRF and quota.
 */
final class AgentPool {

    /** One agent. Mutated only through {@link AgentPool#update}, which keeps the index and sums right. */
    static final class Slot implements FreeAgent {
        final AgentId id;
        final String hostname;
        final Map<String, String> attributes;
        final Resources total;
        final long seq;
        final Map<FrameworkId, Resources> usedBy;
        Resources allocated = Resources.NONE;
        Resources offered = Resources.NONE;
        Resources free;
        boolean draining;

        Slot(AgentId id, String hostname, Resources total, Map<String, String> attributes, long seq) {
            this.id = id;
            this.hostname = hostname;
            this.total = total;
            this.attributes = attributes;
            this.seq = seq;
            this.free = total;
            this.usedBy = new HashMap<>();
        }

        /** A search key for the free-cpu index, nothing more. */
        private Slot(Resources free) {
            this.id = null;
            this.hostname = null;
            this.total = free;
            this.attributes = Map.of();
            this.seq = -1;
            this.free = free;
            this.usedBy = Map.of();
        }

        @Override public AgentId id() { return id; }
        @Override public String hostname() { return hostname; }
        @Override public Map<String, String> attributes() { return attributes; }
        @Override public Resources total() { return total; }
        @Override public Resources free() { return free; }
        @Override public boolean draining() { return draining; }

        @Override
        public String toString() {
            return hostname + " (" + free + " free)";
        }
    }

    /** Free cpus, then free memory, then registration order; spelled out, as it runs ~30 times per claim. */
    private static final Comparator<Slot> BY_FREE_CPUS = (a, b) -> {
        int c = Double.compare(a.free.cpus(), b.free.cpus());
        if (c == 0) {
            c = Long.compare(a.free.memMb(), b.free.memMb());
        }
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    };

    private final Map<AgentId, Slot> slots = new LinkedHashMap<>();
    /** Non-draining agents only. */
    private final TreeSet<Slot> byFreeCpus = new TreeSet<>(BY_FREE_CPUS);
    private Resources total = Resources.NONE;
    /** The usable free sum, kept as plain numbers: it changes with every claim, and is read far less often. */
    private double usableCpus;
    private long usableMemMb;
    private long usableDiskMb;
    private long usableGpus;
    private Resources usableFree = Resources.NONE;
    private long nextSeq;

    Slot add(AgentId id, String hostname, Resources total, Map<String, String> attributes) {
        if (slots.containsKey(id)) {
            throw new IllegalArgumentException("agent " + id + " is already registered");
        }
        Map<String, String> attrs = new LinkedHashMap<>(attributes);
        attrs.put("hostname", hostname);
        Slot s = new Slot(id, hostname, total, Collections.unmodifiableMap(attrs), nextSeq++);
        slots.put(id, s);
        byFreeCpus.add(s);
        this.total = this.total.plus(scalars(total));
        addUsable(s.free, 1);
        return s;
    }

    Slot remove(AgentId id) {
        Slot s = slots.remove(id);
        if (s != null) {
            if (!s.draining) {
                byFreeCpus.remove(s);
                addUsable(s.free, -1);
            }
            total = total.minusClamped(scalars(s.total));
        }
        return s;
    }

    Slot get(AgentId id) {
        return slots.get(id);
    }

    Slot require(AgentId id) {
        Slot s = slots.get(id);
        if (s == null) {
            throw new IllegalArgumentException("unknown agent " + id);
        }
        return s;
    }

    /** Sets an agent's allocated and offered resources, keeping index and sums in step. */
    void update(Slot s, Resources allocated, Resources offered) {
        boolean indexed = !s.draining && byFreeCpus.remove(s);
        if (!s.draining) {
            addUsable(s.free, -1);
        }
        s.allocated = allocated;
        s.offered = offered;
        s.free = freeOf(s.total, allocated, offered);
        if (!s.draining) {
            addUsable(s.free, 1);
        }
        if (indexed) {
            byFreeCpus.add(s);
        }
    }

    void setDraining(Slot s, boolean draining) {
        if (s.draining == draining) {
            return;
        }
        if (draining) {
            byFreeCpus.remove(s);
            addUsable(s.free, -1);
        }
        s.draining = draining;
        if (!draining) {
            byFreeCpus.add(s);
            addUsable(s.free, 1);
        }
    }

    /** Non-draining agents with at least {@code minCpus} free, ascending or descending by free cpus. */
    NavigableSet<Slot> withAtLeast(double minCpus, boolean ascending) {
        Slot probe = new Slot(new Resources(Math.max(0, minCpus - 1e-9), 0, 0));
        NavigableSet<Slot> tail = byFreeCpus.tailSet(probe, true);
        return ascending ? tail : tail.descendingSet();
    }

    Collection<Slot> all() {
        return Collections.unmodifiableCollection(slots.values());
    }

    /** Sum of every agent's total, draining ones included (the DRF denominator). */
    Resources total() {
        return total;
    }

    /** Sum of free resources on agents that take new tasks, ports left out. */
    Resources usableFree() {
        if (usableFree == null) {
            usableFree = new Resources(usableCpus, usableMemMb, usableDiskMb).withGpus(usableGpus);
        }
        return usableFree;
    }

    /** Adds ({@code sign} 1) or takes away ({@code sign} -1, stopping at zero) {@code r}'s scalars. */
    private void addUsable(Resources r, int sign) {
        if (sign > 0) {
            usableCpus += r.cpus();
            usableMemMb += r.memMb();
            usableDiskMb += r.diskMb();
            usableGpus += r.gpus();
        } else {
            usableCpus = Math.max(0, usableCpus - r.cpus());
            usableMemMb = Math.max(0, usableMemMb - r.memMb());
            usableDiskMb = Math.max(0, usableDiskMb - r.diskMb());
            usableGpus = Math.max(0, usableGpus - r.gpus());
        }
        usableFree = null;
    }

    /** {@code total - allocated - offered}, each scalar stopping at zero: {@code minusClamped} twice, built once. */
    private static Resources freeOf(Resources total, Resources allocated, Resources offered) {
        return new Resources(Math.max(0, total.cpus() - allocated.cpus() - offered.cpus()),
                Math.max(0, total.memMb() - allocated.memMb() - offered.memMb()),
                Math.max(0, total.diskMb() - allocated.diskMb() - offered.diskMb()),
                Math.max(0, total.gpus() - allocated.gpus() - offered.gpus()),
                total.ports().minus(allocated.ports()).minus(offered.ports()));
    }

    static Resources scalars(Resources r) {
        return r.ports().isEmpty() ? r : r.withPorts(PortRanges.NONE);
    }
}
