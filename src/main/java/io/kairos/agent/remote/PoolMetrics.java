package io.kairos.agent.remote;

import io.kairos.cluster.ProcessRole;
import io.kairos.api.Amount;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** Prometheus gauges of the agent pool, read from the registry at each scrape: agents by state, resources total and allocated. */
@ApplicationScoped
class PoolMetrics {

    private final AgentRegistry agents;
    private final MeterRegistry registry;
    private final ProcessRole role;

    PoolMetrics(AgentRegistry agents, MeterRegistry registry, @ConfigProperty(name = "kairos.role") ProcessRole role) {
        this.agents = agents;
        this.registry = registry;
        this.role = role;
    }

    void start(@Observes StartupEvent e) {
        if (!role.schedules()) {
            return;
        }
        for (AgentState s : AgentState.values()) {
            Gauge.builder("kairos.agents", agents, a -> a.list().stream().filter(v -> v.state() == s).count())
                    .description("Agents known to this scheduler, by state").tag("state", s.name()).register(registry);
        }
        resource("cpus", Amount::cpus);
        resource("mem_mb", a -> a.memMb() == null ? null : a.memMb().doubleValue());
        resource("disk_mb", a -> a.diskMb() == null ? null : a.diskMb().doubleValue());
        resource("gpus", a -> a.gpus() == null ? null : a.gpus().doubleValue());
    }

    /** Only connected agents count toward the pool: lost ones, and drained ones that went away, offer nothing. */
    private void resource(String name, Function<Amount, Double> field) {
        gauge("kairos.resources.capacity", "Resources of the connected agents in the pool", name, sum(AgentView::total, field));
        gauge("kairos.resources.allocated", "Resources held by tasks in the pool", name, sum(AgentView::allocated, field));
    }

    private void gauge(String metric, String description, String resource, ToDoubleFunction<AgentRegistry> value) {
        Gauge.builder(metric, agents, value).description(description).tag("resource", resource).register(registry);
    }

    private static ToDoubleFunction<AgentRegistry> sum(Function<AgentView, Amount> which, Function<Amount, Double> field) {
        return a -> a.list().stream().filter(AgentView::connected)
                .map(which).map(field).mapToDouble(d -> d == null ? 0 : d).sum();
    }
}
