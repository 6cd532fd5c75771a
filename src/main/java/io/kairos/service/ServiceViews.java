package io.kairos.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** A service's view: its definition with its instances, their counts and the deployment in progress. */
@ApplicationScoped
public class ServiceViews {

    /** Ended instances shown beside the live ones, newest first. */
    static final int ENDED_SHOWN = 10;

    private final ObjectMapper json;
    private final Clock clock;

    ServiceViews(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    ServiceView of(ServiceEntity e, ServiceDefinition def) {
        return of(List.of(e), x -> def).get(0);
    }

    /**
     * The views of {@code services}, in their order: their live instances and running deployments are read in one
     * query each, not once per service (a list of all services is what Marathon's clients poll).
     */
    List<ServiceView> of(List<ServiceEntity> services, java.util.function.Function<ServiceEntity, ServiceDefinition> definition) {
        if (services.isEmpty()) {
            return List.of();
        }
        List<String> ids = services.stream().map(e -> e.id).toList();
        java.util.Map<String, List<InstanceEntity>> live = live(ids);
        java.util.Map<String, DeploymentEntity> running = new java.util.HashMap<>();
        DeploymentEntity.<DeploymentEntity>list("serviceId in ?1 and state = ?2", ids, DeploymentEntity.State.RUNNING)
                .forEach(d -> running.put(d.serviceId, d));
        return services.stream().map(e -> of(e, definition.apply(e), live.getOrDefault(e.id, List.of()), running.get(e.id))).toList();
    }

    /** The live instances of {@code ids}, by service: the first of a view's two reads of its instances. */
    java.util.Map<String, List<InstanceEntity>> live(List<String> ids) {
        java.util.Map<String, List<InstanceEntity>> live = new java.util.HashMap<>();
        InstanceEntity.<InstanceEntity>list("serviceId in ?1 and state in ?2 order by id", ids, InstanceState.ACTIVE)
                .forEach(i -> live.computeIfAbsent(i.serviceId, k -> new ArrayList<>()).add(i));
        return live;
    }

    /**
     * The view of {@code e} from its {@code live} instances as {@link #live} read them and its running deployment;
     * reads the ended instances itself, the second read.
     */
    ServiceView of(ServiceEntity e, ServiceDefinition def, List<InstanceEntity> live, DeploymentEntity current) {
        List<InstanceEntity> ended = InstanceEntity.find("serviceId = ?1 and state not in ?2 order by id desc", e.id,
                InstanceState.ACTIVE).page(0, ENDED_SHOWN).list();
        List<InstanceView> tasks = new ArrayList<>();
        live.forEach(i -> tasks.add(view(i)));
        // an instance that ended between the two reads comes back from the second as the entity the first loaded (still
        // live to this transaction): listed once
        java.util.Set<Long> listed = new java.util.HashSet<>();
        live.forEach(i -> listed.add(i.id));
        ended.stream().filter(i -> !listed.contains(i.id)).forEach(i -> tasks.add(view(i)));
        boolean checked = !def.healthChecks().isEmpty();
        int staged = 0, running = 0, healthy = 0, unhealthy = 0, stopping = 0, updated = 0, old = 0;
        for (InstanceEntity i : live) {
            switch (i.state) {
                case STAGING -> staged++;
                case RUNNING -> running++;
                default -> stopping++;
            }
            if (checked && i.state == InstanceState.RUNNING) {
                if (i.health == InstanceLifecycle.Health.HEALTHY) {
                    healthy++;
                } else if (i.health == InstanceLifecycle.Health.UNHEALTHY) {
                    unhealthy++;
                }
            }
            if (i.state != InstanceState.KILLING) {
                if (i.configVersion == e.configVersion) {
                    updated++;
                } else {
                    old++;
                }
            }
        }
        ServiceView.Deployment deployment = current == null ? null
                : new ServiceView.Deployment(current.id, current.kind, current.toConfig, def.instances(), updated, old);
        java.time.Instant delayed = e.launchDelayUntil != null && e.launchDelayUntil.isAfter(clock.instant()) ? e.launchDelayUntil : null;
        return new ServiceView(def, e.version, e.configVersion, e.createdAt, e.updatedAt,
                new ServiceView.Counts(staged, running, healthy, unhealthy, stopping), delayed, deployment, e.waitingFor, tasks);
    }

    InstanceView view(InstanceEntity i) {
        List<Integer> ports = new ArrayList<>();
        try {
            JsonNode t = json.readTree(i.task);
            t.path("ports").forEach(p -> ports.add(p.asInt()));
        } catch (Exception ignored) {
            // a task row is written by Kairos from a TaskSpec; an unreadable one shows no ports
        }
        return new InstanceView(i.id, i.serviceId, i.configVersion, i.state, i.state.marathon(), i.health, i.healthMessage,
                i.agentId, i.host, ports, i.exitCode, i.message, i.stopReason, i.createdAt, i.startedAt, i.finishedAt);
    }
}
