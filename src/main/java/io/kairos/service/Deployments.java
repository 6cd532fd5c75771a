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
    private final ServiceStore store;

    Deployments(Clock clock, jakarta.enterprise.event.Event<DeploymentChanged> changed, ServiceStore store) {
        this.clock = clock;
        this.changed = changed;
        this.store = store;
    }

    /** A deployment started or ended (its state says how), for whoever follows the services. Observed after the commit. */
    public record DeploymentChanged(java.util.UUID id, String serviceId, DeploymentEntity.Kind kind, DeploymentEntity.State state,
                                    Instant at) {
        static DeploymentChanged of(DeploymentEntity d, Instant at) {
            return new DeploymentChanged(d.id, d.serviceId, d.kind, d.state, at);
        }
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
        Optional<DeploymentEntity> running = running(service.id);
        if (running.isPresent()) {
            DeploymentEntity r = running.get();
            boolean changesTask = kind == DeploymentEntity.Kind.UPGRADE || kind == DeploymentEntity.Kind.RESTART;
            if (!force && changesTask && r.changesTask()) {
                throw ApiException.conflict("service '" + service.id + "' is locked by deployment " + r.id + " (" + r.kind
                        + " to configuration " + r.toConfig + "); wait for it, cancel it, or send force=true to supersede it");
            }
            apply(r, service, new DeploymentLifecycle.SupersededBy(kind));
            // the ended row is written before the new one: the unique index of running deployments sees one at a time
            DeploymentEntity.flush();
        }
        DeploymentEntity d = new DeploymentEntity();
        d.id = UUID.randomUUID();
        d.serviceId = service.id;
        d.kind = kind;
        d.fromConfig = fromConfig;
        d.fromInstances = fromInstances;
        d.toConfig = service.configVersion;
        d.instances = instances;
        d.detail = detail;
        apply(d, service, new DeploymentLifecycle.Started());
        return d;
    }

    /** Marks {@code service} (locked by the caller) as being deleted, and starts the deployment that stops its instances. */
    @Transactional(Transactional.TxType.MANDATORY)
    DeploymentEntity startDeletion(ServiceEntity service, String detail) {
        service.deleting = true;
        service.updatedAt = clock.instant();
        return start(service, DeploymentEntity.Kind.DELETE, service.configVersion, store.definition(service).instances(), 0, true,
                detail);
    }

    /**
     * What cancelling a deployment with rollback did to its service: {@code next} is the deployment that rolls it back
     * (a ROLLBACK, or a DELETE for a cancelled creation), from definition {@code before} to {@code after} (null: deleted).
     */
    record Rollback(DeploymentEntity next, ServiceDefinition before, ServiceDefinition after) {
    }

    /**
     * Cancels running deployment {@code d} of {@code service} (locked by the caller), rolling the change back when
     * {@code rollback}. A cancel the lifecycle refuses is answered as a conflict.
     *
     * @return how the service was rolled back; empty without {@code rollback}
     */
    @Transactional(Transactional.TxType.MANDATORY)
    Optional<Rollback> cancel(DeploymentEntity d, ServiceEntity service, boolean rollback) {
        DeploymentLifecycle.Step step = DeploymentLifecycle.next(d.kind, d.state, new DeploymentLifecycle.Cancelled(rollback));
        if (step.refused() == DeploymentLifecycle.Refusal.DELETION_IS_FINAL) {
            throw ApiException.conflict("deployment " + d.id + " deletes service '" + d.serviceId
                    + "': a deletion cannot be rolled back");
        }
        if (!step.legal()) {
            throw ApiException.conflict(notRunning(d));
        }
        return carryOut(d, service, step);
    }

    /**
     * Applies {@code event} to {@code d} (of {@code service}, which the caller holds locked where the event may roll it
     * back) and carries out the effects. A refused move is a bug of the caller.
     */
    private Optional<Rollback> apply(DeploymentEntity d, ServiceEntity service, DeploymentLifecycle.Event event) {
        DeploymentLifecycle.Step step = DeploymentLifecycle.next(d.kind, d.state, event);
        if (!step.legal()) {
            throw new IllegalStateException("deployment " + d.id + " (" + d.kind + "): " + d.state + " + " + event + " is refused ("
                    + step.refused() + ")");
        }
        return carryOut(d, service, step);
    }

    /** Writes {@code step} on {@code d} and carries out its effects, in order: the one place a deployment's state changes. */
    private Optional<Rollback> carryOut(DeploymentEntity d, ServiceEntity service, DeploymentLifecycle.Step step) {
        Instant now = clock.instant();
        d.state = step.after();
        if (step.detail() != null) {
            d.detail = step.detail();
        }
        Optional<Rollback> rollback = Optional.empty();
        for (DeploymentLifecycle.Effect e : step.effects()) {
            switch (e) {
                case INSERT -> {
                    d.startedAt = now;
                    d.persist();
                }
                case STAMP_FINISHED -> d.finishedAt = now;
                case ANNOUNCE -> changed.fire(DeploymentChanged.of(d, now));
                case ROLL_BACK -> rollback = Optional.of(rollBack(d, service));
                case DELETE_SERVICE -> rollback = Optional.of(deleteCreated(d, service));
            }
        }
        return rollback;
    }

    /** The service back to the configuration and instance count it had before {@code d}: a rollback deployment. */
    private Rollback rollBack(DeploymentEntity d, ServiceEntity e) {
        DeploymentEntity.flush(); // d's end is written before the rollback's start (the unique index of running ones)
        ServiceDefinition current = store.definition(e);
        ServiceDefinition back = (d.changesTask() ? store.version(e.id, d.fromConfig) : current)
                .withInstances(d.fromInstances == null ? current.instances() : d.fromInstances);
        e.definition = store.write(back);
        e.owner = back.owner();
        e.configVersion = d.fromConfig;
        e.failures = 0;
        e.launchDelayUntil = null;
        e.updatedAt = clock.instant();
        DeploymentEntity next = start(e, DeploymentEntity.Kind.ROLLBACK, d.toConfig, d.instances, back.instances(), true,
                "rolls back deployment " + d.id);
        return new Rollback(next, current, back);
    }

    /** A cancelled creation: the service is deleted again. */
    private Rollback deleteCreated(DeploymentEntity d, ServiceEntity e) {
        DeploymentEntity.flush(); // d's end is written before the deletion's start (the unique index of running ones)
        ServiceDefinition current = store.definition(e);
        return new Rollback(startDeletion(e, "creation rolled back"), current, null);
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
        running(serviceId).ifPresent(d -> apply(d, null, new DeploymentLifecycle.Completed()));
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
        // d was read before the lock: a cancel that held it meanwhile may have ended it, and a second rollback must not
        // follow the first (every change of a service, and so every end of its deployment, happens under this lock)
        DeploymentEntity.getEntityManager().refresh(d);
        if (s == null || d.state != DeploymentEntity.State.RUNNING) {
            throw ApiException.conflict(notRunning(d));
        }
        return s;
    }

    private static String notRunning(DeploymentEntity d) {
        return "deployment " + d.id + " is " + d.state.name().toLowerCase(java.util.Locale.ROOT)
                + ": only a running deployment can be cancelled";
    }
}
