package io.kairos.allocator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A minimal level two for allocator tests: {@code pending} tasks of one size, each put on the
 * tightest usable agent that fits it. A real placer, not a mock: it plays by {@link TaskOffer}.
 */
final class Demand implements Placer {
    final Resources size;
    final int ports;
    int pending;
    final List<Claim> claims = new ArrayList<>();
    String lastRefusal;
    private long nextKey = 1;

    Demand(int pending, Resources size) {
        this(pending, size, 0);
    }

    Demand(int pending, Resources size, int ports) {
        this.pending = pending;
        this.size = size;
        this.ports = ports;
    }

    @Override
    public Optional<Claim> claim(TaskOffer offer) {
        if (pending == 0) {
            return Optional.empty();
        }
        lastRefusal = offer.roleRefuses(size);
        if (lastRefusal != null) {
            return Optional.empty();
        }
        for (FreeAgent a : offer.tightestFirst(size.cpus())) {
            if (a.free().fitsScalars(size) && a.free().ports().count() >= ports) {
                pending--;
                Claim c = new Claim(nextKey++, a.id(), size.withPorts(a.free().ports().lowest(ports)));
                claims.add(c);
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    int placed() {
        return claims.size();
    }
}
