package io.kairos.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.api.ApiException;
import io.kairos.api.IfMatch;
import io.kairos.security.Access;
import io.kairos.security.AuditAction;
import io.kairos.security.AuditDiff;
import io.kairos.security.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Services through the API: create, read, change, restart, delete, each checked against the caller's teams (a service's
 * {@code owner} decides who may change it, as a job's does) and audited. Nothing here starts or stops an instance: the
 * service framework compares what a service should be with what runs, every allocation cycle.
 */
@ApplicationScoped
public class ServiceService {

    private final Clock clock;
    private final Access access;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final ServiceStore store;
    private final ServiceViews views;
    private final Deployments deployments;
    private final InstanceEvents instanceEvents;

    ServiceService(Clock clock, Access access, AuditLog audit, ObjectMapper json, ServiceStore store, ServiceViews views,
                   Deployments deployments, InstanceEvents instanceEvents) {
        this.clock = clock;
        this.instanceEvents = instanceEvents;
        this.deployments = deployments;
        this.access = access;
        this.audit = audit;
        this.json = json;
        this.store = store;
        this.views = views;
    }

    @Transactional
    public ServiceView create(ServiceDefinition def) {
        access.requireEdit(def.owner());
        ServiceEntity existing = ServiceEntity.findById(def.id());
        if (existing != null) {
            throw ApiException.conflict("service '" + def.id() + "' " + (existing.deleting ? "is being deleted; create it again once"
                    + " its instances have stopped" : "already exists; PUT /api/v1/services" + def.id() + " changes it"));
        }
        ServiceEntity e = new ServiceEntity();
        e.id = def.id();
        e.owner = def.owner();
        e.definition = store.write(def);
        e.configVersion = 1;
        e.createdAt = clock.instant();
        e.updatedAt = e.createdAt;
        e.persist();
        store.keepVersion(e, clock.instant());
        deployments.start(e, DeploymentEntity.Kind.CREATE, null, null, def.instances(), true, null);
        record(AuditAction.SERVICE_CREATE, def.id(), null, def, null);
        ServiceEntity.flush();
        return views.of(e, def);
    }

    /** The service's kept configurations' times, oldest first. */
    @Transactional
    public List<java.time.Instant> versions(String id) {
        visible(ServiceEntity.findById(id), id);
        return store.versionTimes(id);
    }

    @Transactional
    public ServiceView get(String id) {
        ServiceEntity e = visible(ServiceEntity.findById(id), id);
        return views.of(e, store.definition(e));
    }

    @Transactional
    public List<ServiceView> list() {
        return views.of(ServiceEntity.<ServiceEntity>find("deleting = false order by id").list(), store::definition);
    }

    /**
     * Replaces the definition if the service is still at a version {@code ifMatch} accepts. A change of what the
     * instances run starts a deployment; a change of their number alone only scales.
     */
    @Transactional
    public ServiceView update(ServiceDefinition def, IfMatch ifMatch, boolean force) {
        ServiceEntity e = locked(def.id(), ifMatch);
        access.requireEdit(e.owner);
        if (!Objects.equals(e.owner, def.owner())) {
            access.requireEdit(def.owner()); // handed only to a team the caller is in
        }
        ServiceDefinition before = store.definition(e);
        long fromConfig = e.configVersion;
        e.owner = def.owner();
        e.definition = store.write(def);
        e.updatedAt = clock.instant();
        if (!before.sameTask(def)) {
            newConfiguration(e);
            deployments.start(e, DeploymentEntity.Kind.UPGRADE, fromConfig, before.instances(), def.instances(), force, null);
        } else if (before.instances() != def.instances()) {
            deployments.start(e, DeploymentEntity.Kind.SCALE, fromConfig, before.instances(), def.instances(), force, null);
        }
        record(AuditAction.SERVICE_UPDATE, def.id(), before, def, null);
        ServiceEntity.flush();
        return views.of(e, def);
    }

    /** Sets the service's instances to {@code n}: a scaling deployment, never refused for one in progress. */
    @Transactional
    public ServiceView scale(String id, int n) {
        if (n < 0 || n > ServiceJson.MAX_INSTANCES) {
            throw ApiException.invalid("/instances", "must be between 0 and " + ServiceJson.MAX_INSTANCES);
        }
        ServiceEntity e = visible(ServiceEntity.findById(id), id);
        return update(store.definition(e).withInstances(n), IfMatch.ALWAYS, false);
    }

    /** Replaces every instance by a new one of the same definition, within the upgrade strategy (a rolling restart). */
    @Transactional
    public ServiceView restart(String id, IfMatch ifMatch, boolean force) {
        ServiceEntity e = locked(id, ifMatch);
        access.requireEdit(e.owner);
        ServiceDefinition def = store.definition(e);
        long fromConfig = e.configVersion;
        e.updatedAt = clock.instant();
        newConfiguration(e);
        deployments.start(e, DeploymentEntity.Kind.RESTART, fromConfig, def.instances(), def.instances(), force, null);
        record(AuditAction.SERVICE_RESTART, id, null, null, "configuration " + e.configVersion);
        ServiceEntity.flush();
        return views.of(e, def);
    }

    /**
     * Stops one instance of a service (the framework starts another in its place), or with {@code scale} stops it and
     * lowers the service's instances by one, as a scaling deployment.
     *
     * @return the scaling deployment, empty without {@code scale}
     */
    @Transactional
    public Optional<DeploymentView> killInstance(String id, long task, boolean scale) {
        ServiceEntity e = locked(id, IfMatch.ALWAYS);
        access.requireEdit(e.owner);
        InstanceEntity i = InstanceEntity.findById(task, LockModeType.PESSIMISTIC_WRITE);
        if (i == null || !i.serviceId.equals(id)) {
            throw ApiException.notFound("service '" + id + "' has no task " + task);
        }
        if (i.state.isTerminal()) {
            throw ApiException.conflict("task " + task + " of service '" + id + "' has already ended (" + i.state + ")");
        }
        instanceEvents.apply(i, new InstanceLifecycle.Stop(scale ? "killed and scaled down through the API" : "killed through the API"));
        if (!scale) {
            return Optional.empty();
        }
        ServiceDefinition before = store.definition(e);
        ServiceDefinition after = before.withInstances(Math.max(0, before.instances() - 1));
        e.definition = store.write(after);
        e.updatedAt = clock.instant();
        DeploymentEntity d = deployments.start(e, DeploymentEntity.Kind.SCALE, e.configVersion, before.instances(), after.instances(),
                true, "task " + task + " killed");
        record(AuditAction.SERVICE_UPDATE, id, before, after, "task " + task + " killed and scaled down");
        ServiceEntity.flush();
        return Optional.of(deployments.view(d));
    }

    /** What the instances run changed: a new configuration, kept, with a clean crash-loop record. */
    private void newConfiguration(ServiceEntity e) {
        e.configVersion = store.nextConfigVersion(e.id);
        // a new configuration gets its chance at once: the old one's crash loop is not held against it
        e.failures = 0;
        e.launchDelayUntil = null;
        store.keepVersion(e, e.updatedAt);
    }

    /** Stops every instance; the service is gone from the API at once, and from the database once they have ended. */
    @Transactional
    public DeploymentView delete(String id, IfMatch ifMatch) {
        ServiceEntity e = locked(id, ifMatch);
        access.requireEdit(e.owner);
        return deployments.view(remove(e, "deleted"));
    }

    private DeploymentEntity remove(ServiceEntity e, String detail) {
        record(AuditAction.SERVICE_DELETE, e.id, store.definition(e), null, detail.equals("deleted") ? null : detail);
        return deployments.startDeletion(e, detail);
    }

    /**
     * Cancels a running deployment. With {@code force} it only stops being tracked: the service stays as it was asked
     * to be. Otherwise the change is rolled back: the configuration and instance count before it are restored (a
     * rollback deployment, which keeps the old instances that still run), and a cancelled creation deletes the service.
     * What a cancel does is {@link DeploymentLifecycle}'s; this records it.
     *
     * @return the rollback deployment, empty when there is none (forced, or the service is being deleted)
     */
    @Transactional
    public Optional<DeploymentView> cancel(java.util.UUID deployment, boolean force) {
        DeploymentEntity d = deployments.find(deployment);
        ServiceEntity e = deployments.lockedService(d);
        access.requireEdit(e.owner);
        Optional<Deployments.Rollback> rolledBack = deployments.cancel(d, e, !force);
        if (rolledBack.isEmpty()) {
            return Optional.empty();
        }
        Deployments.Rollback r = rolledBack.get();
        if (r.next().kind == DeploymentEntity.Kind.DELETE) {
            record(AuditAction.SERVICE_DELETE, e.id, r.before(), null, "creation rolled back");
            return Optional.empty();
        }
        record(AuditAction.SERVICE_UPDATE, e.id, r.before(), r.after(), "deployment " + d.id + " rolled back");
        return Optional.of(deployments.view(r.next()));
    }

    private ServiceEntity locked(String id, IfMatch ifMatch) {
        ServiceEntity e = visible(ServiceEntity.findById(id, LockModeType.PESSIMISTIC_WRITE), id);
        if (!ifMatch.matches(e.version)) {
            throw ApiException.stale("service '" + id + "' is at version " + e.version + " (ETag " + IfMatch.tagOf(e.version)
                    + "), not one If-Match accepts: GET it again and reapply the change");
        }
        return e;
    }

    private static ServiceEntity visible(ServiceEntity e, String id) {
        if (e == null || e.deleting) {
            throw ApiException.notFound("no service '" + id + "'");
        }
        return e;
    }

    private void record(AuditAction action, String id, ServiceDefinition before, ServiceDefinition after, String detail) {
        audit.record(action, id, AuditDiff.of(tree(before), tree(after), AuditDiff.Secrets.NONE), detail);
    }

    private JsonNode tree(ServiceDefinition def) {
        return def == null ? null : json.valueToTree(def);
    }
}
