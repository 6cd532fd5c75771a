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
        List<InstanceEntity> live = InstanceEntity.list("serviceId = ?1 and state in ?2 order by id", e.id, InstanceState.ACTIVE);
        List<InstanceEntity> ended = InstanceEntity.find("serviceId = ?1 and state not in ?2 order by id desc", e.id,
                InstanceState.ACTIVE).page(0, ENDED_SHOWN).list();
        List<InstanceView> tasks = new ArrayList<>();
        live.forEach(i -> tasks.add(view(i)));
        ended.forEach(i -> tasks.add(view(i)));
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
        DeploymentEntity current = DeploymentEntity.<DeploymentEntity>find("serviceId = ?1 and state = ?2", e.id,
                DeploymentEntity.State.RUNNING).firstResult();
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
