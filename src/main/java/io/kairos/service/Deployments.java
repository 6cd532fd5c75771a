package io.kairos.service;

import io.kairos.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Deployments: each change of a service is one, running until the service's instances are as it says. At most one runs
 * per service (a unique index keeps it so under concurrency); a newer change supersedes it. A deployment lives in the
 * database only, so a new leader carries on with whatever was running.
 */
@ApplicationScoped
public class Deployments {

    private final Clock clock;
    private final jakarta.enterprise.event.Event<DeploymentChanged> changed;

    Deployments(Clock clock, jakarta.enterprise.event.Event<DeploymentChanged> changed) {
        this.clock = clock;
        this.changed = changed;
    }

    /** A deployment started or ended (its state says how), for whoever follows the services. Observed after the commit. */
    public record DeploymentChanged(java.util.UUID id, String serviceId, DeploymentEntity.Kind kind, DeploymentEntity.State state,
                                    Instant at) {
        static DeploymentChanged of(DeploymentEntity d, Instant at) {
            return new DeploymentChanged(d.id, d.serviceId, d.kind, d.state, at);
        }
    }

    /** Ends a running deployment in {@code state}. */
    @Transactional(Transactional.TxType.MANDATORY)
    void end(DeploymentEntity d, DeploymentEntity.State state, String detail) {
        if (!d.state.canMoveTo(state)) {
            throw new IllegalStateException("deployment " + d.id + ": " + d.state + " -> " + state + " is not a legal move");
        }
        d.state = state;
        d.finishedAt = clock.instant();
        if (detail != null) {
            d.detail = detail;
        }
        changed.fire(DeploymentChanged.of(d, d.finishedAt));
    }

    /** The running deployment of a service. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<DeploymentEntity> running(String serviceId) {
        return DeploymentEntity.<DeploymentEntity>find("serviceId = ?1 and state = ?2", serviceId, DeploymentEntity.State.RUNNING)
                .firstResultOptional();
    }

    /**
     * Starts a deployment of {@code service} (whose row the caller holds locked), superseding the one running. With
     * {@code force} false, a change of what the instances run is refused while another such change runs (Marathon's
     * rule: the app is locked by its deployment); scaling is always let through.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    DeploymentEntity start(ServiceEntity service, DeploymentEntity.Kind kind, Long fromConfig, Integer fromInstances, int instances,
                           boolean force, String detail) {
        Instant now = clock.instant();
        Optional<DeploymentEntity> running = running(service.id);
        if (running.isPresent()) {
            DeploymentEntity r = running.get();
            boolean changesTask = kind == DeploymentEntity.Kind.UPGRADE || kind == DeploymentEntity.Kind.RESTART;
            if (!force && changesTask && r.changesTask()) {
                throw ApiException.conflict("service '" + service.id + "' is locked by deployment " + r.id + " (" + r.kind
                        + " to configuration " + r.toConfig + "); wait for it, cancel it, or send force=true to supersede it");
            }
            end(r, DeploymentEntity.State.SUPERSEDED, "superseded by a " + kind.name().toLowerCase(java.util.Locale.ROOT));
            DeploymentEntity.flush();
        }
        DeploymentEntity d = new DeploymentEntity();
        d.id = UUID.randomUUID();
        d.serviceId = service.id;
        d.kind = kind;
        d.state = DeploymentEntity.State.RUNNING;
        d.fromConfig = fromConfig;
        d.fromInstances = fromInstances;
        d.toConfig = service.configVersion;
        d.instances = instances;
        d.startedAt = now;
        d.detail = detail;
        d.persist();
        changed.fire(DeploymentChanged.of(d, now));
        return d;
    }

    /** The services with a running deployment. */
    @Transactional(Transactional.TxType.MANDATORY)
    java.util.Set<String> runningServices() {
        return java.util.Set.copyOf(DeploymentEntity.getEntityManager()
                .createQuery("select d.serviceId from DeploymentEntity d where d.state = ?1", String.class)
                .setParameter(1, DeploymentEntity.State.RUNNING).getResultList());
    }

    /** The service is as its running deployment says: the deployment succeeded. */
    @Transactional(Transactional.TxType.MANDATORY)
    void done(String serviceId) {
        running(serviceId).ifPresent(d -> end(d, DeploymentEntity.State.SUCCEEDED, null));
    }

    @Transactional
    public List<DeploymentView> list(boolean all) {
        List<DeploymentEntity> rows = all
                ? DeploymentEntity.<DeploymentEntity>find("order by startedAt desc").page(0, 200).list()
                : DeploymentEntity.<DeploymentEntity>list("state = ?1 order by startedAt", DeploymentEntity.State.RUNNING);
        return rows.stream().map(this::view).toList();
    }

    /** A service's latest deployments, newest first. */
    @Transactional
    public List<DeploymentView> ofService(String serviceId, int limit) {
        return DeploymentEntity.<DeploymentEntity>find("serviceId = ?1 order by startedAt desc", serviceId).page(0, limit).list()
                .stream().map(this::view).toList();
    }

    @Transactional
    public DeploymentView get(UUID id) {
        return view(find(id));
    }

    DeploymentEntity find(UUID id) {
        DeploymentEntity d = DeploymentEntity.findById(id);
        if (d == null) {
            throw ApiException.notFound("no deployment " + id);
        }
        return d;
    }

    /** The deployment with its progress, counted from the service's live instances while it runs. */
    DeploymentView view(DeploymentEntity d) {
        if (d.state != DeploymentEntity.State.RUNNING) {
            return DeploymentView.of(d, null, null);
        }
        List<InstanceEntity> live = InstanceEntity.list("serviceId = ?1 and state in ?2", d.serviceId,
                List.of(InstanceState.STAGING, InstanceState.RUNNING));
        int updated = (int) live.stream().filter(i -> i.configVersion == d.toConfig && i.state == InstanceState.RUNNING).count();
        int old = (int) live.stream().filter(i -> i.configVersion != d.toConfig).count();
        return DeploymentView.of(d, updated, old);
    }

    /** Locks the service of a running deployment, for cancelling it. */
    @Transactional(Transactional.TxType.MANDATORY)
    ServiceEntity lockedService(DeploymentEntity d) {
        ServiceEntity s = ServiceEntity.findById(d.serviceId, LockModeType.PESSIMISTIC_WRITE);
        if (s == null || d.state != DeploymentEntity.State.RUNNING) {
            throw ApiException.conflict("deployment " + d.id + " is " + d.state.name().toLowerCase(java.util.Locale.ROOT)
                    + ": only a running deployment can be cancelled");
        }
        return s;
    }
}
