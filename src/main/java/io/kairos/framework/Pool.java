package io.kairos.framework;

import io.kairos.agent.AgentHandle;
import io.kairos.allocator.AgentId;
import io.kairos.allocator.Allocator;
import io.kairos.allocator.FrameworkId;
import io.kairos.allocator.Resources;
import io.kairos.api.Amount;
import io.kairos.task.TaskId;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the leader knows of its pool, in memory and rebuilt from PostgreSQL and the agents' reports at each start and
 * term: the allocator, one batch framework per role, the connected agents and the tasks placed on them. The
 * allocation loop ({@link Dispatcher}), agent membership ({@link AgentMembership}) and kill delivery
 * ({@link KillDelivery}) share it; the allocator is used under its own lock, and agents join and leave under the
 * membership lock, which a whole allocation cycle holds, so a cycle's offers stay valid to its end.
 */
@ApplicationScoped
public class Pool {

    /** Offers a framework leaves unused are refused to it for this long (each cycle re-offers anyway). */
    static final Duration REFUSE = Duration.ofSeconds(1);

    /**
     * A task placed on an agent: what it holds there, for which framework and job (for a service's instance, the
     * service's id: placement constraints count a service's instances as they count a job's runs), and since when:
     * its launch, or for an adopted task its start as the database has it (preemption takes the youngest first).
     */
    record Placed(AgentId agent, Resources resources, FrameworkId framework, String job, boolean instance, boolean revocable,
                  int priority, java.time.Instant since) {
    }

    private final Allocator allocator;
    private final RoleService roles;
    /** One batch framework per role that has had work: a job's runs are placed by its role's framework. */
    private final Map<String, BatchFramework> frameworks = new HashMap<>();
    /**
     * One service framework per role that has had services: level two for instances is the same placer as for runs
     * (resources, constraints, bin-packing or spreading), registered under a framework of its own, so the allocator
     * weighs services and batch of a role apart.
     */
    private final Map<String, BatchFramework> serviceFrameworks = new HashMap<>();
    private final Map<AgentId, AgentHandle> agents = new ConcurrentHashMap<>();
    private final Map<TaskId, Placed> placed = new ConcurrentHashMap<>();
    private final Object membership = new Object();

    Pool(RoleService roles, @ConfigProperty(name = "kairos.allocation.offer-timeout", defaultValue = "30s") Duration offerTimeout) {
        this.roles = roles;
        this.allocator = new Allocator(offerTimeout);
    }

    /** The lock agents join and leave under; an allocation cycle holds it throughout. */
    Object membership() {
        return membership;
    }

    /** Runs {@code f} with the allocator, under its lock. */
    <T> T withAllocator(Function<Allocator, T> f) {
        synchronized (allocator) {
            return f.apply(allocator);
        }
    }

    /** Runs {@code f} with the allocator, under its lock, for what it changes. */
    void onAllocator(java.util.function.Consumer<Allocator> f) {
        synchronized (allocator) {
            f.accept(allocator);
        }
    }

    /** The batch framework of a role, registered (with the role) on first use. Call under {@link #withAllocator} or {@link #onAllocator}. */
    BatchFramework framework(Allocator a, String role) {
        return frameworks.computeIfAbsent(role, r -> {
            a.putRole(roles.get(r));
            BatchFramework fw = new BatchFramework(new FrameworkId("batch:" + r), REFUSE);
            a.addFramework(fw.id(), r);
            return fw;
        });
    }

    /** The service framework of a role, registered (with the role) on first use. Call under the allocator's lock. */
    BatchFramework serviceFramework(Allocator a, String role) {
        return serviceFrameworks.computeIfAbsent(role, r -> {
            a.putRole(roles.get(r));
            BatchFramework fw = new BatchFramework(new FrameworkId("service:" + r), REFUSE);
            a.addFramework(fw.id(), r);
            return fw;
        });
    }

    /** Every framework so far, batch and service. Call under {@link #withAllocator} or {@link #onAllocator}. */
    Iterable<BatchFramework> frameworks() {
        List<BatchFramework> all = new java.util.ArrayList<>(frameworks.values());
        all.addAll(serviceFrameworks.values());
        return all;
    }

    /** Whether {@code task} is a service's instance this leader placed (or adopted). */
    boolean isInstance(TaskId task) {
        Placed p = placed.get(task);
        return p != null && p.instance();
    }

    Map<AgentId, AgentHandle> agents() {
        return agents;
    }

    Map<TaskId, Placed> placed() {
        return placed;
    }

    /** The task ended: what it held on its agent is given back. */
    void release(TaskId task) {
        Placed p = placed.remove(task);
        if (p != null) {
            onAllocator(a -> {
                a.release(p.framework(), p.agent(), p.resources());
            });
        }
    }

    /** Forgets every agent and task: this scheduler no longer leads. */
    void clear() {
        onAllocator(a -> {
            agents.keySet().forEach(a::removeAgent);
        });
        agents.clear();
        placed.clear();
    }

    public Optional<AgentHandle> agent(AgentId id) {
        return Optional.ofNullable(agents.get(id));
    }

    /** The pool's live numbers of a connected agent. */
    public Optional<Allocator.AgentView> pooled(AgentId id) {
        return withAllocator(a -> a.agentView(id));
    }

    public List<Allocator.AgentView> agentViews() {
        return withAllocator(a -> List.copyOf(a.agents()));
    }

    /** Tasks placed on the agent (launched or adopted) whose end this scheduler has not seen yet. */
    public int tasksOn(AgentId id) {
        return (int) placed.values().stream().filter(p -> p.agent().equals(id)).count();
    }

    /** What a role's tasks hold now (nothing for a role no framework has used yet). */
    public Amount held(String role) {
        return withAllocator(a -> Amount.of(used(role) ? a.held(role) : Resources.NONE));
    }

    /** A role's live dominant share, 0..1 before weighting. */
    public double share(String role) {
        return withAllocator(a -> used(role) ? a.share(role) : 0.0);
    }

    private boolean used(String role) {
        return frameworks.containsKey(role) || serviceFrameworks.containsKey(role);
    }
}
