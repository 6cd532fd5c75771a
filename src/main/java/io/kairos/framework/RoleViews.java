package io.kairos.framework;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.allocator.Role;
import io.kairos.api.Amount;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Roles as the API and the console show them: the stored settings with the allocator's live share. */
@ApplicationScoped
public class RoleViews {

    private final RoleService roles;
    private final Pool pool;

    RoleViews(RoleService roles, Pool pool) {
        this.roles = roles;
        this.pool = pool;
    }

    public List<RoleView> all() {
        return roles.all().stream().map(this::view).toList();
    }

    /** A role never configured answers with the defaults every role starts from. */
    public RoleView get(String name) {
        return view(roles.get(name));
    }

    public RoleView put(String name, JsonNode body) {
        return view(roles.put(name, body));
    }

    private RoleView view(Role r) {
        return new RoleView(r.name(), r.weight(), Amount.of(r.quota()), r.limit() == null ? null : Amount.of(r.limit()),
                roles.allowed(r.name()).stream().map(io.kairos.job.ContainerPrivilege::wire).toList(),
                pool.share(r.name()), pool.held(r.name()));
    }
}
