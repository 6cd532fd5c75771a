package io.kairos.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.allocator.AgentId;
import io.kairos.allocator.PortRanges;
import io.kairos.allocator.Resources;
import io.kairos.task.HostAccess;
import io.kairos.task.TaskId;
import io.kairos.task.TaskSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the service framework asks of the services' state on the leader: what each service needs this cycle
 * ({@link #demand}, which also stops what must go), a new instance's row and task ({@link #stage}), and the
 * reconciliation of an agent's instances when it (re-)registers or is lost.
 */
@ApplicationScoped
public class Instances {

    private static final Logger LOG = Logger.getLogger(Instances.class);

    private final Clock clock;
    private final ObjectMapper json;
    private final ServiceStore store;
    private final InstanceEvents events;
    private final Deployments deployments;
    private final jakarta.enterprise.event.Event<InstanceEvents.InstanceChanged> changed;

    Instances(Clock clock, ObjectMapper json, ServiceStore store, InstanceEvents events, Deployments deployments,
              jakarta.enterprise.event.Event<InstanceEvents.InstanceChanged> changed) {
        this.clock = clock;
        this.changed = changed;
        this.deployments = deployments;
        this.json = json;
        this.store = store;
        this.events = events;
    }

    /** {@code count} new instances of a service's configuration {@code configVersion}, wanted now. */
    public record Wanted(String serviceId, long configVersion, ServiceDefinition definition, int count) {
    }

    /**
     * Every service's plan for now ({@link ServicePlan}): the instances to stop are stopped (their kills go out after
     * the commit), the launches wanted are returned in the order they are to be placed ({@link #inPlacementOrder}). A
     * deleted service with nothing left running is removed.
     */
    @Transactional
    public List<Wanted> demand() {
        Instant now = clock.instant();
        // by id: services of equal priority are placed in the same order every cycle
        List<ServiceEntity> services = ServiceEntity.listAll(io.quarkus.panache.common.Sort.by("id"));
        if (services.isEmpty()) {
            return List.of();
        }
        Map<String, List<InstanceEntity>> live = InstanceEntity.<InstanceEntity>list("state in ?1", InstanceState.ACTIVE).stream()
                .collect(Collectors.groupingBy(i -> i.serviceId));
        // read once: most services are settled with no deployment to finish, and this runs every cycle
        java.util.Set<String> deploying = deployments.runningServices();
        List<Wanted> wanted = new ArrayList<>();
        for (ServiceEntity s : services) {
            List<InstanceEntity> mine = live.getOrDefault(s.id, List.of());
            if (s.deleting && mine.isEmpty()) {
                if (deploying.contains(s.id)) {
                    deployments.done(s.id);
                }
                s.delete();
                store.forget(s.id);
                continue;
            }
            ServiceDefinition def = store.definition(s);
            boolean delayed = s.launchDelayUntil != null && s.launchDelayUntil.isAfter(now);
            ServicePlan.Target target = new ServicePlan.Target(s.deleting ? 0 : def.instances(), s.configVersion,
                    def.upgradeStrategy(), !def.healthChecks().isEmpty(), delayed);
            ServicePlan.Plan plan = ServicePlan.plan(target, mine.stream()
                    .map(i -> new ServicePlan.Live(i.id, i.configVersion, i.state, i.health, i.startedAt)).toList());
            plan.stop().forEach((id, reason) -> {
                InstanceEntity i = InstanceEntity.findById(id, LockModeType.PESSIMISTIC_WRITE);
                if (i != null) {
                    events.apply(i, new InstanceLifecycle.Stop(s.deleting ? "service deleted" : reason));
                }
            });
            if (plan.settled() && deploying.contains(s.id)) {
                deployments.done(s.id);
            }
            if (plan.launch() > 0) {
                wanted.add(new Wanted(s.id, s.configVersion, def, plan.launch()));
            } else if (s.waitingFor != null) {
                s.waitingFor = null;
            }
        }
        return inPlacementOrder(wanted);
    }

    /**
     * Services' wanted instances in the order the dispatcher places them (and, short of quota, preempts for them):
     * higher {@code priority} first, services of equal priority in the order given.
     */
    static List<Wanted> inPlacementOrder(List<Wanted> wanted) {
        return wanted.stream().sorted(java.util.Comparator.comparingInt((Wanted w) -> w.definition().priority()).reversed())
                .toList();
    }

    /**
     * Writes a new instance of {@code w} placed on {@code agent}, with {@code ports} of that agent, and returns the task
     * to launch; empty when the service was deleted or changed since its demand was read (the next cycle asks again).
     */
    @Transactional
    public Optional<TaskSpec> stage(Wanted w, AgentId agent, String host, PortRanges ports) {
        ServiceEntity s = ServiceEntity.findById(w.serviceId(), LockModeType.PESSIMISTIC_READ);
        if (s == null || s.deleting || s.configVersion != w.configVersion()) {
            return Optional.empty();
        }
        InstanceEntity i = new InstanceEntity();
        i.id = ((Number) InstanceEntity.getEntityManager().createNativeQuery("SELECT nextval('attempt_id_seq')").getSingleResult())
                .longValue();
        TaskSpec spec = spec(w.definition(), new TaskId(i.id), host, ports.ports());
        i.serviceId = s.id;
        i.configVersion = s.configVersion;
        i.state = InstanceState.STAGING;
        i.health = InstanceLifecycle.Health.UNKNOWN;
        i.agentId = agent.value();
        i.host = host;
        i.task = write(spec);
        i.createdAt = clock.instant();
        i.persist();
        changed.fire(new InstanceEvents.InstanceChanged(i.serviceId, spec.taskId(), i.state, i.health, i.agentId, host, i.createdAt));
        return Optional.of(spec);
    }

    /** The task of an instance: the service's command or image, with Marathon's environment for its ports. */
    static TaskSpec spec(ServiceDefinition def, TaskId task, String host, List<Integer> ports) {
        Map<String, String> env = new LinkedHashMap<>(def.env());
        env.put("KAIROS_SERVICE_ID", def.id());
        env.put("KAIROS_TASK_ID", task.toString());
        env.put("MARATHON_APP_ID", def.id());
        env.put("MESOS_TASK_ID", task.toString());
        env.put("HOST", host);
        for (int i = 0; i < ports.size(); i++) {
            env.put("PORT" + i, ports.get(i).toString());
            String name = def.ports().get(i).name();
            if (name != null) {
                env.put("PORT_" + name.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9_]", "_"), ports.get(i).toString());
            }
        }
        if (!ports.isEmpty()) {
            env.put("PORT", ports.get(0).toString());
            env.put("PORTS", ports.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        Optional<String> image = Optional.ofNullable(def.container()).map(c -> c.image());
        boolean forcePull = def.container() != null && def.container().forcePull();
        return new TaskSpec(task, 0, def.id(), image, forcePull, def.command(), def.args(), env, def.resources().cpus(),
                def.resources().memMb(), def.resources().gpus(), ports, false, Map.of(), HostAccess.NONE,
                def.healthChecks().stream().map(ServiceDefinition.Check::toTask).toList(),
                def.ports().stream().anyMatch(p -> p.containerPort() != null)
                        ? def.ports().stream().map(p -> p.containerPort() == null ? 0 : p.containerPort()).toList() : List.of());
    }

    /**
     * A live instance that keeps running where it runs: what it holds, for which service and role; {@code stopping}
     * when Kairos had asked it to stop (the kill is sent again: the one before may have died with a leader).
     */
    public record Adopted(Resources resources, String service, String role, boolean stopping) {
    }

    /**
     * An agent (re-)registered running {@code running}: its live instances among them are adopted, the others lost.
     * Tasks it runs that are not instances are none of this method's business.
     */
    @Transactional
    public Map<TaskId, Adopted> reconcile(AgentId agent, Set<TaskId> running, String reason) {
        Map<TaskId, Adopted> adopted = new HashMap<>();
        List<InstanceEntity> mine = InstanceEntity.<InstanceEntity>find("agentId = ?1 and state in ?2", agent.value(),
                InstanceState.ACTIVE).withLock(LockModeType.PESSIMISTIC_WRITE).list();
        for (InstanceEntity i : mine) {
            TaskId task = new TaskId(i.id);
            if (running.contains(task)) {
                ServiceEntity s = ServiceEntity.findById(i.serviceId);
                adopted.put(task, new Adopted(io.kairos.run.RunRecovery.resourcesOf(json, i.task), i.serviceId,
                        s == null ? ServiceDefinition.DEFAULT_ROLE : store.definition(s).role(), i.state == InstanceState.KILLING));
            } else {
                events.apply(i, new InstanceLifecycle.Lost(reason));
            }
        }
        if (mine.size() > adopted.size()) {
            LOG.infof("agent %s: %d instances lost (%s)", agent, mine.size() - adopted.size(), reason);
        }
        return adopted;
    }

    /**
     * Says why each of {@code wanted}'s services has instances left unplaced this cycle ({@code why}, by service id),
     * or that none is; written only when it changed.
     */
    @Transactional
    public void explain(List<Wanted> wanted, Map<String, String> why) {
        for (Wanted w : wanted) {
            String reason = why.get(w.serviceId());
            ServiceEntity s = ServiceEntity.findById(w.serviceId());
            if (s != null && !java.util.Objects.equals(s.waitingFor, reason)) {
                s.waitingFor = reason;
            }
        }
    }

    /** The services of those of {@code tasks} that are instances (task id to service id). */
    @Transactional
    public Map<Long, String> servicesOf(java.util.Collection<Long> tasks) {
        Map<Long, String> out = new HashMap<>();
        if (!tasks.isEmpty()) {
            InstanceEntity.<InstanceEntity>list("id in ?1", tasks).forEach(i -> out.put(i.id, i.serviceId));
        }
        return out;
    }

    /** Agents the database has live instances on: the ones a new leader waits for. */
    @Transactional
    public List<AgentId> agentsWithLiveInstances() {
        return InstanceEntity.getEntityManager()
                .createQuery("select distinct i.agentId from InstanceEntity i where i.state in ?1", String.class)
                .setParameter(1, InstanceState.ACTIVE).getResultList().stream().map(AgentId::new).toList();
    }

    private String write(TaskSpec spec) {
        try {
            return json.writeValueAsString(spec.withoutSecrets());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write task " + spec.taskId(), e);
        }
    }
}
