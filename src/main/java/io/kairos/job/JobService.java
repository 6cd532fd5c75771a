package io.kairos.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.api.ApiException;
import io.kairos.security.Access;
import io.kairos.api.IfMatch;
import io.kairos.api.Page;
import io.kairos.schedule.Schedule;
import io.kairos.schedule.ScheduleSpec;
import io.kairos.schedule.Schedules;
import io.kairos.security.AuditAction;
import io.kairos.security.SecretStore;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Stores job definitions and keeps each job's next slot in step with its schedule. */
@ApplicationScoped
public class JobService {

    private static final int NEXT_FIRE_TIMES = 5;

    private final ObjectMapper json;
    private final Clock clock;
    private final JobDefinitions definitions;
    private final Event<JobEvents.Saved> saved;
    private final Event<JobEvents.Deleting> deleting;
    private final Access access;
    private final SecretStore secrets;
    private final JobAudit audit;

    JobService(ObjectMapper json, Clock clock, JobDefinitions definitions, Event<JobEvents.Saved> saved,
               Event<JobEvents.Deleting> deleting, Access access, SecretStore secrets, JobAudit audit) {
        this.access = access;
        this.audit = audit;
        this.json = json;
        this.secrets = secrets;
        this.definitions = definitions;
        this.clock = clock;
        this.saved = saved;
        this.deleting = deleting;
    }

    @Transactional
    public JobView create(JobDefinition def) {
        access.requireEdit(def.owner());
        if (JobEntity.count("name", def.name()) > 0) {
            throw ApiException.conflict("job '" + def.name() + "' already exists; PUT /api/v1/jobs/" + def.name() + " changes it");
        }
        JobEntity e = new JobEntity();
        e.createdAt = clock.instant();
        apply(e, def, true);
        e.persist();
        JobDefinition sent = def;
        def = storeSecrets(e, def);
        audit.record(AuditAction.JOB_CREATE, e.name, null, def, sent.secrets().values().keySet(), null);
        saved.fire(JobEvents.Saved.of(e.id, def));
        return view(e, def);
    }

    @Transactional
    public JobView update(JobDefinition def) {
        return update(def, IfMatch.ALWAYS);
    }

    /** Replaces the definition if the job is still at a version {@code ifMatch} accepts (refused as stale otherwise). */
    @Transactional
    public JobView update(JobDefinition def, IfMatch ifMatch) {
        return save(def, ifMatch, AuditAction.JOB_UPDATE);
    }

    private JobView save(JobDefinition def, IfMatch ifMatch, AuditAction action) {
        JobEntity e = locked(def.name(), ifMatch);
        access.requireEdit(e.owner);
        if (!java.util.Objects.equals(e.owner, def.owner())) {
            access.requireEdit(def.owner()); // a job is handed only to a team the caller is in
        }
        JobDefinition before = definition(e);
        JobDefinition sent = def;
        apply(e, def, false);
        def = storeSecrets(e, def);
        audit.record(action, e.name, before, def, sent.secrets().values().keySet(), null);
        saved.fire(JobEvents.Saved.of(e.id, def));
        // the version moves at flush: flushed now, the answer (and its ETag) carries the new one
        JobEntity.flush();
        return view(e, def);
    }

    /**
     * The job's row, locked for this transaction: concurrent writes of one job queue behind each other, and
     * one that waited for a delete finds nothing (not found) instead of failing on a row gone under it.
     */
    private JobEntity locked(String name, IfMatch ifMatch) {
        JobEntity e = JobEntity.<JobEntity>find("name", name).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> notFound(name));
        if (!ifMatch.matches(e.version)) {
            throw ApiException.stale("job '" + name + "' is at version " + e.version + " (ETag " + IfMatch.tagOf(e.version)
                    + "), not one If-Match accepts: GET it again and reapply the change");
        }
        return e;
    }

    /**
     * Deletes a job. A job other jobs depend on is refused, unless {@code detachChildren}: then it
     * is removed from each child's parents first (a child left without parents runs only on its
     * own schedule, or on demand).
     */
    @Transactional
    public void delete(String name, boolean detachChildren) {
        delete(name, detachChildren, IfMatch.ALWAYS);
    }

    /** As {@link #delete(String, boolean)}, if the job is still at a version {@code ifMatch} accepts (refused as stale otherwise). */
    @Transactional
    public void delete(String name, boolean detachChildren, IfMatch ifMatch) {
        JobEntity e = locked(name, ifMatch);
        access.requireEdit(e.owner);
        audit.record(AuditAction.JOB_DELETE, name, definition(e), null, java.util.Set.of(), null);
        // the DAG refuses or detaches the children, the job's runs are killed: all in this transaction
        deleting.fire(new JobEvents.Deleting(e.id, name, detachChildren));
        e.delete();
    }

    /**
     * Takes {@code parent} out of {@code child}'s parents, rewriting the stored definition only where parents live, so
     * fields this class does not know survive (the DAG detaching a deleted parent's children).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void removeParent(String child, String parent) {
        JobEntity c = JobEntity.<JobEntity>find("name", child).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        JobDefinition before = definition(c);
        try {
            ObjectNode def = (ObjectNode) json.readTree(c.definition);
            ArrayNode kept = def.putArray("parents");
            definition(c).parents().stream().filter(p -> !p.equals(parent)).forEach(kept::add);
            c.definition = def.toString();
            c.updatedAt = clock.instant();
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored definition of job " + child + " is unreadable", ex);
        }
        audit.record(AuditAction.JOB_UPDATE, child, before, definition(c), java.util.Set.of(), "parent '" + parent + "' was deleted");
    }

    @Transactional
    public JobView get(String name) {
        JobEntity e = entity(name);
        return view(e, definition(e));
    }

    /** The job's next {@code count} fire times from now (none while it is disabled or on demand). */
    @Transactional
    public List<Instant> nextFireTimes(String name, int count) {
        JobDefinition def = definition(entity(name));
        return def.enabled() ? schedule(def).map(s -> Schedules.preview(s, clock.instant(), count)).orElse(List.of()) : List.of();
    }

    /** Switches a job on or off, as a PUT of its definition with only {@code enabled} changed would. */
    @Transactional
    public JobView setEnabled(String name, boolean enabled) {
        ObjectNode def = json.valueToTree(definition(entity(name)));
        def.put("enabled", enabled);
        return save(JobJson.parse(def, name), IfMatch.ALWAYS, enabled ? AuditAction.JOB_ENABLE : AuditAction.JOB_DISABLE);
    }

    public JobEntity entity(String name) {
        return JobEntity.<JobEntity>find("name", name).firstResultOptional().orElseThrow(() -> notFound(name));
    }

    public JobDefinition definition(JobEntity e) {
        return definitions.of(e);
    }

    @Transactional
    public Page<JobView> list(int page, int size, String q, String owner) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (q != null && !q.isBlank()) {
            where.append(" and (lower(name) like :q or lower(coalesce(description, '')) like :q or lower(coalesce(command, '')) like :q)");
            p.and("q", "%" + q.toLowerCase(java.util.Locale.ROOT).replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (owner != null && !owner.isBlank()) {
            where.append(" and owner = :owner");
            p.and("owner", owner);
        }
        var query = JobEntity.<JobEntity>find(where.toString(), Sort.by("name"), p);
        List<JobView> items = query.page(page, size).list().stream().map(e -> view(e, definition(e))).toList();
        return new Page<>(items, page, size, query.count());
    }

    private void apply(JobEntity e, JobDefinition def, boolean isNew) {
        boolean timingChanged = isNew || e.enabled != def.enabled()
                || !Objects.equals(new ScheduleSpec(e.scheduleCron, e.scheduleIso8601, e.scheduleTimezone), def.schedule());
        Instant now = clock.instant();
        e.name = def.name();
        e.owner = def.owner();
        e.description = def.description();
        e.command = def.command() != null ? def.command() : def.args() == null ? null : String.join(" ", def.args());
        e.enabled = def.enabled();
        e.definition = write(def);
        ScheduleSpec s = def.schedule();
        e.scheduleCron = s == null ? null : s.cron();
        e.scheduleIso8601 = s == null ? null : s.iso8601();
        e.scheduleTimezone = s == null ? "UTC" : s.timezone();
        e.startingDeadlineSeconds = def.startingDeadlineSeconds();
        e.catchUp = def.catchUp().name();
        e.updatedAt = now;
        if (timingChanged) {
            // the schedule or the switch changed: slots count from now; an unchanged job keeps its
            // next slot, so an edit just before a slot cannot make it vanish
            e.nextFireAt = def.enabled() ? schedule(def).flatMap(sch -> sch.next(now.minusNanos(1))).orElse(null) : null;
        }
    }

    /** Seals the new values and keeps only the names in the stored definition (and the answer). */
    private JobDefinition storeSecrets(JobEntity e, JobDefinition def) {
        JobDefinition named = def.withSecretNames(secrets.save(e.id, def.secrets(), def.env().keySet()));
        e.definition = write(named);
        return named;
    }

    private JobView view(JobEntity e, JobDefinition def) {
        List<Instant> next = def.enabled() ? schedule(def).map(s -> Schedules.preview(s, clock.instant(), NEXT_FIRE_TIMES)).orElse(List.of())
                : List.of();
        return new JobView(def, next, e.createdAt, e.updatedAt, e.version);
    }

    private static Optional<Schedule> schedule(JobDefinition def) {
        return def.schedule() == null ? Optional.empty() : Schedules.parse(def.schedule());
    }

    private String write(JobDefinition def) {
        try {
            return json.writeValueAsString(def);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static ApiException notFound(String name) {
        return ApiException.notFound("no job named '" + name + "'");
    }
}
