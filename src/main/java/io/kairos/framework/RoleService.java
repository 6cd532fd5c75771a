package io.kairos.framework;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.allocator.Resources;
import io.kairos.allocator.Role;
import io.kairos.api.Amount;
import io.kairos.api.ApiException;
import io.kairos.api.JsonFields;
import io.kairos.job.JobJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import java.time.Clock;
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

    private final io.kairos.security.Access access;

    RoleService(Clock clock, Event<RoleChanged> changed, io.kairos.security.Access access) {
        this.access = access;
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
        f.rejectUnknown(body, "", Set.of("weight", "quota", "limit"), Set.of("name", "dominantShare", "allocated"));
        Double weight = f.number(body, "/weight", 0.001, 1000);
        Resources quota = amount(f, body.get("quota"), "/quota", false);
        Resources limit = amount(f, body.get("limit"), "/limit", true);
        if (limit != null && quota != null && !limit.fitsScalars(quota)) {
            f.error("/limit", "must be at least the quota (" + quota + ")");
        }
        f.throwIfInvalid();
        RoleEntity e = RoleEntity.findById(name);
        boolean isNew = e == null;
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
        e.updatedAt = clock.instant();
        if (isNew) {
            e.persist();
        }
        Role role = toRole(e);
        changed.fire(new RoleChanged(role));
        return role;
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

    static Role toRole(RoleEntity e) {
        Resources quota = new Resources(e.quotaCpus, e.quotaMemMb, e.quotaDiskMb);
        boolean limited = e.limitCpus != null || e.limitMemMb != null || e.limitDiskMb != null;
        Resources limit = !limited ? null : new Amount(e.limitCpus, e.limitMemMb, e.limitDiskMb, null).toLimit();
        return new Role(e.name, e.weight, quota, limit);
    }
}
