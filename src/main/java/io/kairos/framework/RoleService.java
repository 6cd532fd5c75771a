package io.kairos.framework;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.allocator.Resources;
import io.kairos.allocator.Role;
import io.kairos.api.Amount;
import io.kairos.api.ApiException;
import io.kairos.api.JsonFields;
import io.kairos.job.JobJson;
import io.kairos.security.Access;
import io.kairos.security.AuditAction;
import io.kairos.security.AuditDiff;
import io.kairos.security.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import io.kairos.job.ContainerPrivilege;
import io.kairos.job.JobEvents;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Roles: stored in PostgreSQL, applied to the live allocator when they change. */
@ApplicationScoped
public class RoleService {

    /** A role was created or changed; the dispatcher applies it after the commit. */
    public record RoleChanged(Role role) {
    }

    private final Clock clock;
    private final Event<RoleChanged> changed;

    private final Access access;
    private final AuditLog audit;

    RoleService(Clock clock, Event<RoleChanged> changed, Access access, AuditLog audit) {
        this.access = access;
        this.audit = audit;
        this.clock = clock;
        this.changed = changed;
    }

    @Transactional
    public List<Role> all() {
        return RoleEntity.<RoleEntity>listAll().stream().map(RoleService::toRole).toList();
    }

    /** The stored role, or the defaults (weight 1, no quota, no limit) for a name never configured. */
    @Transactional
    public Role get(String name) {
        RoleEntity e = RoleEntity.findById(name);
        return e == null ? Role.of(name) : toRole(e);
    }

    @Transactional
    public Role put(String name, JsonNode body) {
        access.requireAdmin();
        if (!JobJson.NAME.matcher(name).matches()) {
            throw ApiException.invalid("/name", "must be 1-128 characters of letters, digits, '.', '_' or '-'");
        }
        if (body == null || !body.isObject()) {
            throw ApiException.malformed("/", "the body must be a JSON object");
        }
        JsonFields f = new JsonFields();
        f.rejectUnknown(body, "", Set.of("weight", "quota", "limit", "allow"), Set.of("name", "dominantShare", "allocated"));
        Set<ContainerPrivilege> allow = allow(f, body.get("allow"));
        Double weight = f.number(body, "/weight", 0.001, 1000);
        Resources quota = amount(f, body.get("quota"), "/quota", false);
        Resources limit = amount(f, body.get("limit"), "/limit", true);
        if (limit != null && quota != null && !limit.fitsScalars(quota)) {
            f.error("/limit", "must be at least the quota (" + quota + ")");
        }
        f.throwIfInvalid();
        // locked first: a job saved meanwhile with a privilege this change takes away is either seen below or refused
        RoleEntity e = RoleEntity.findById(name, LockModeType.PESSIMISTIC_WRITE);
        Set<ContainerPrivilege> taken = e == null ? EnumSet.noneOf(ContainerPrivilege.class) : privileges(e);
        taken.removeAll(allow);
        for (ContainerPrivilege p : taken) {
            List<String> users = jobsUsing(name, p);
            if (!users.isEmpty()) {
                throw ApiException.conflict("role '" + name + "' still has jobs whose containers use " + p.wire() + ": " + users
                        + "; change them first", List.of(new io.kairos.api.FieldError("/allow", "keeps " + p.wire() + " while "
                        + users.size() + " job(s) use it")));
            }
        }
        boolean isNew = e == null;
        JsonNode before = isNew ? null : settings(e);
        if (isNew) {
            e = new RoleEntity();
            e.name = name;
        }
        e.weight = weight == null ? 1 : weight;
        Resources q = quota == null ? Resources.NONE : quota;
        e.quotaCpus = q.cpus();
        e.quotaMemMb = q.memMb();
        e.quotaDiskMb = q.diskMb();
        JsonNode l = body.get("limit");
        e.limitCpus = limit == null || l.path("cpus").isNull() || l.path("cpus").isMissingNode() ? null : limit.cpus();
        e.limitMemMb = limit == null || l.path("memMb").isNull() || l.path("memMb").isMissingNode() ? null : limit.memMb();
        e.limitDiskMb = limit == null || l.path("diskMb").isNull() || l.path("diskMb").isMissingNode() ? null : limit.diskMb();
        e.allow = allow.stream().map(ContainerPrivilege::wire).sorted().toArray(String[]::new);
        e.updatedAt = clock.instant();
        if (isNew) {
            e.persist();
        }
        audit.record(AuditAction.ROLE_PUT, name, AuditDiff.of(before, settings(e), AuditDiff.Secrets.NONE), null);
        Role role = toRole(e);
        changed.fire(new RoleChanged(role));
        return role;
    }

    /** What the role's jobs' containers may be given of their host; none for a role never configured. */
    @Transactional
    public Set<ContainerPrivilege> allowed(String role) {
        RoleEntity e = RoleEntity.findById(role);
        return e == null ? Set.of() : privileges(e);
    }

    /**
     * Refuses a job whose container asks for what its role does not allow. The role's row is read under a share lock,
     * so an admin taking a privilege away at the same moment waits for this job and then sees it (and refuses).
     */
    void onJobSaved(@Observes JobEvents.Saved saved) {
        if (saved.privileges().isEmpty()) {
            return;
        }
        RoleEntity e = RoleEntity.findById(saved.role(), LockModeType.PESSIMISTIC_READ);
        Set<ContainerPrivilege> missing = EnumSet.copyOf(saved.privileges());
        if (e != null) {
            missing.removeAll(privileges(e));
        }
        if (missing.isEmpty()) {
            return;
        }
        List<io.kairos.api.FieldError> errors = missing.stream().map(p -> new io.kairos.api.FieldError(p.field(),
                "role '" + saved.role() + "' does not allow " + p.wire())).toList();
        throw ApiException.forbidden("job '" + saved.name() + "' asks its host for " + missing.stream().map(ContainerPrivilege::wire).toList()
                + ", which role '" + saved.role() + "' does not allow: each is a way to root on the host. An admin allows them"
                + " for a role with PUT /api/v1/roles/" + saved.role() + " {\"allow\": [...]}", errors);
    }

    private static Set<ContainerPrivilege> privileges(RoleEntity e) {
        Set<ContainerPrivilege> out = EnumSet.noneOf(ContainerPrivilege.class);
        for (String a : e.allow == null ? new String[0] : e.allow) {
            ContainerPrivilege.parse(a).ifPresent(out::add);
        }
        return out;
    }

    private static Set<ContainerPrivilege> allow(JsonFields f, JsonNode n) {
        Set<ContainerPrivilege> out = EnumSet.noneOf(ContainerPrivilege.class);
        List<String> names = f.stringList(n, "/allow");
        if (names == null) {
            return out;
        }
        for (int i = 0; i < names.size(); i++) {
            int index = i;
            ContainerPrivilege.parse(names.get(i)).ifPresentOrElse(out::add, () -> f.error("/allow/" + index,
                    "must be one of " + java.util.Arrays.stream(ContainerPrivilege.values()).map(ContainerPrivilege::wire).toList()));
        }
        return out;
    }

    /** Jobs of {@code role} whose container asks for {@code p}, by name. */
    @SuppressWarnings("unchecked")
    private static List<String> jobsUsing(String role, ContainerPrivilege p) {
        String uses = switch (p) {
            case PRIVILEGED -> "(definition->'container'->>'privileged')::boolean";
            case HOST_NETWORK -> "definition->'container'->>'network' = 'host'";
            case HOST_MOUNTS -> "jsonb_array_length(coalesce(definition->'container'->'volumes', '[]'::jsonb)) > 0";
            case CAPABILITIES -> "jsonb_array_length(coalesce(definition->'container'->'capAdd', '[]'::jsonb)) > 0";
        };
        return RoleEntity.getEntityManager().createNativeQuery("SELECT name FROM job WHERE coalesce(definition->>'role', 'batch') = ?1"
                + " AND definition->'container' IS NOT NULL AND jsonb_typeof(definition->'container') = 'object' AND " + uses
                + " ORDER BY name LIMIT 20").setParameter(1, role).getResultList();
    }

    /** Reads {cpus, memMb, diskMb}; in a limit a missing or null field means no limit on it. */
    private static Resources amount(JsonFields f, JsonNode n, String path, boolean unboundedDefault) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            f.error(path, "must be an object like {\"cpus\": 4, \"memMb\": 8192, \"diskMb\": 0}");
            return null;
        }
        f.rejectUnknown(n, path, Set.of("cpus", "memMb", "diskMb"), Set.of());
        Double cpus = f.number(n, path + "/cpus", 0, 1_000_000);
        Long mem = f.whole(n, path + "/memMb", 0, Long.MAX_VALUE / 2);
        Long disk = f.whole(n, path + "/diskMb", 0, Long.MAX_VALUE / 2);
        return unboundedDefault ? new Amount(cpus, mem, disk, null).toLimit()
                : new Resources(cpus == null ? 0 : cpus, mem == null ? 0 : mem, disk == null ? 0 : disk);
    }

    /** What an admin sets of a role, as the audit log's diff compares it (a limit's null fields: no limit). */
    private static JsonNode settings(RoleEntity e) {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("weight", e.weight);
        out.putObject("quota").put("cpus", e.quotaCpus).put("memMb", e.quotaMemMb).put("diskMb", e.quotaDiskMb);
        out.putObject("limit").put("cpus", e.limitCpus).put("memMb", e.limitMemMb).put("diskMb", e.limitDiskMb);
        // what the role's containers may be given of their host: the change an audit most needs to show
        var allow = out.putArray("allow");
        java.util.Arrays.stream(e.allow == null ? new String[0] : e.allow).sorted().forEach(allow::add);
        return out;
    }

    static Role toRole(RoleEntity e) {
        Resources quota = new Resources(e.quotaCpus, e.quotaMemMb, e.quotaDiskMb);
        boolean limited = e.limitCpus != null || e.limitMemMb != null || e.limitDiskMb != null;
        Resources limit = !limited ? null : new Amount(e.limitCpus, e.limitMemMb, e.limitDiskMb, null).toLimit();
        return new Role(e.name, e.weight, quota, limit);
    }
}
