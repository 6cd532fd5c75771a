package io.kairos.framework;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Prometheus metrics of the allocation loop, measured by the {@link Dispatcher} around the allocator
 * (which stays free of Micrometer): cycle time and offers made, accepted and declined.
 */
@ApplicationScoped
public class AllocationMetrics {

    private final Timer cycle;
    private final Counter made;
    private final Counter accepted;
    private final Counter declined;

    AllocationMetrics(MeterRegistry registry) {
        cycle = Timer.builder("kairos.allocation.cycle").description("One allocation cycle: read the queue, offer, place, launch")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        made = Counter.builder("kairos.offers.made").description("Offers the allocator made to frameworks").register(registry);
        accepted = Counter.builder("kairos.offers.accepted").description("Offers a framework used, wholly or in part").register(registry);
        declined = Counter.builder("kairos.offers.declined").description("Offers a framework left unused").register(registry);
    }

    void cycle(Duration took) {
        cycle.record(took);
    }

    void offers(int madeNow, int acceptedNow, int declinedNow) {
        made.increment(madeNow);
        accepted.increment(acceptedNow);
        declined.increment(declinedNow);
    }
}
