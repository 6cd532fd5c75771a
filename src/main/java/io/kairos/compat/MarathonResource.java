package io.kairos.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.api.ApiException;
import io.kairos.api.IfMatch;
import io.kairos.cluster.Leadership;
import io.kairos.service.DeploymentView;
import io.kairos.service.Deployments;
import io.kairos.service.InstanceView;
import io.kairos.service.ServiceDefinition;
import io.kairos.service.ServiceService;
import io.kairos.service.ServiceView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Marathon's v2 API over Kairos' services, so that Marathon's clients and tools work unchanged: a Marathon app is a
 * service, a task an instance, a deployment a deployment. Every call goes through the same service methods as Kairos'
 * own API, so the same access checks and audit apply.
 */
@Tag(name = "Marathon", description = "Marathon's v2 API: apps are Kairos services")
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class MarathonResource {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ServiceService services;
    private final Deployments deployments;
    private final Leadership leadership;
    private final java.time.Clock clock;

    MarathonResource(ServiceService services, Deployments deployments, Leadership leadership, java.time.Clock clock) {
        this.clock = clock;
        this.services = services;
        this.deployments = deployments;
        this.leadership = leadership;
    }

    // ---- apps

    @GET
    @Path("apps")
    public ObjectNode apps(@QueryParam("cmd") String cmd, @QueryParam("label") String label, @QueryParam("id") String id,
                           @QueryParam("embed") List<String> embed) {
        boolean tasks = embed.stream().anyMatch(e -> e.equals("apps.tasks") || e.equals("tasks"));
        ObjectNode out = F.objectNode();
        ArrayNode apps = out.putArray("apps");
        for (ServiceView v : services.list()) {
            ServiceDefinition d = v.definition();
            if (cmd != null && (d.command() == null || !d.command().contains(cmd))) {
                continue;
            }
            if (id != null && !d.id().contains(id)) {
                continue;
            }
            if (label != null && !matches(d, label)) {
                continue;
            }
            apps.add(MarathonApps.write(v, tasks));
        }
        return out;
    }

    /** Marathon's label selector: {@code key}, {@code key==value}, {@code key!=value}, comma-separated, all must hold. */
    private static boolean matches(ServiceDefinition d, String selector) {
        for (String term : selector.split(",")) {
            String t = term.trim();
            if (t.contains("!=")) {
                String[] kv = t.split("!=", 2);
                if (kv[1].equals(d.labels().get(kv[0]))) {
                    return false;
                }
            } else if (t.contains("==")) {
                String[] kv = t.split("==", 2);
                if (!kv[1].equals(d.labels().get(kv[0]))) {
                    return false;
                }
            } else if (!t.isEmpty() && !d.labels().containsKey(t)) {
                return false;
            }
        }
        return true;
    }

    @POST
    @Path("apps")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode app) {
        ServiceView v = services.create(MarathonApps.read(app, null));
        return withWarnings(Response.created(URI.create("/v2/apps" + v.definition().id())).entity(MarathonApps.write(v, false)), app);
    }

    @GET
    @Path("apps/{id: .+}/tasks")
    public ObjectNode appTasks(@PathParam("id") String id) {
        ServiceView v = services.get(MarathonApps.id(id));
        ObjectNode out = F.objectNode();
        ArrayNode tasks = out.putArray("tasks");
        v.tasks().stream().filter(i -> !i.state().isTerminal()).forEach(i -> tasks.add(MarathonApps.task(i, v.definition(), v)));
        return out;
    }

    @GET
    @Path("apps/{id: .+}/versions")
    public ObjectNode versions(@PathParam("id") String id) {
        ObjectNode out = F.objectNode();
        ArrayNode versions = out.putArray("versions");
        List<Instant> times = services.versions(MarathonApps.id(id));
        for (int i = times.size() - 1; i >= 0; i--) {
            versions.add(times.get(i).toString());
        }
        return out;
    }

    @GET
    @Path("apps/{id: .+}")
    public ObjectNode app(@PathParam("id") String id, @QueryParam("embed") List<String> embed) {
        ObjectNode out = F.objectNode();
        out.set("app", MarathonApps.write(services.get(MarathonApps.id(id)), true));
        return out;
    }

    /**
     * Marathon's update: the fields sent replace the app's, the others keep their values; an app that does not exist
     * is created.
     */
    @PUT
    @Path("apps/{id: .+}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("id") String path, @QueryParam("force") @DefaultValue("false") boolean force, JsonNode body) {
        String id = MarathonApps.id(path);
        if (body == null || !body.isObject()) {
            throw ApiException.malformed("/", "the body must be a JSON object (a Marathon app)");
        }
        Optional<ServiceView> current = find(id);
        if (current.isEmpty()) {
            ServiceView v = services.create(MarathonApps.read(body, id));
            return withWarnings(Response.created(URI.create("/v2/apps" + id)).entity(result(v)), body);
        }
        ObjectNode merged = MarathonApps.write(current.get(), false);
        body.fields().forEachRemaining(f -> merged.set(f.getKey(), f.getValue()));
        ServiceView v = services.update(MarathonApps.read(merged, id), IfMatch.ALWAYS, force);
        return withWarnings(Response.ok(result(v)), body);
    }

    @DELETE
    @Path("apps/{id: .+}/tasks/{task}")
    public ObjectNode killTask(@PathParam("id") String id, @PathParam("task") String task,
                               @QueryParam("scale") @DefaultValue("false") boolean scale) {
        String app = MarathonApps.id(id);
        ServiceView before = services.get(app);
        InstanceView i = instance(before, task);
        Optional<DeploymentView> d = services.killInstance(app, i.id(), scale);
        if (d.isPresent()) {
            return result(d.get());
        }
        ObjectNode out = F.objectNode();
        out.set("task", MarathonApps.task(i, before.definition(), before));
        return out;
    }

    /** Kills the app's tasks on {@code host} (all with no host). */
    @DELETE
    @Path("apps/{id: .+}/tasks")
    public ObjectNode killTasks(@PathParam("id") String id, @QueryParam("host") String host,
                                @QueryParam("scale") @DefaultValue("false") boolean scale) {
        String app = MarathonApps.id(id);
        ServiceView v = services.get(app);
        ObjectNode out = F.objectNode();
        ArrayNode tasks = out.putArray("tasks");
        DeploymentView last = null;
        for (InstanceView i : v.tasks()) {
            if (!i.state().isTerminal() && (host == null || host.isEmpty() || host.equals(i.host()))) {
                last = services.killInstance(app, i.id(), scale).orElse(last);
                tasks.add(MarathonApps.task(i, v.definition(), v));
            }
        }
        return scale && last != null ? result(last) : out;
    }

    @POST
    @Path("apps/{id: .+}/restart")
    public ObjectNode restart(@PathParam("id") String id, @QueryParam("force") @DefaultValue("false") boolean force) {
        return result(services.restart(MarathonApps.id(id), IfMatch.ALWAYS, force));
    }

    @DELETE
    @Path("apps/{id: .+}")
    public ObjectNode delete(@PathParam("id") String id) {
        return result(services.delete(MarathonApps.id(id), IfMatch.ALWAYS));
    }

    // ---- tasks

    @GET
    @Path("tasks")
    public ObjectNode tasks(@QueryParam("status") String status) {
        ObjectNode out = F.objectNode();
        ArrayNode tasks = out.putArray("tasks");
        for (ServiceView v : services.list()) {
            for (InstanceView i : v.tasks()) {
                boolean wanted = status == null ? !i.state().isTerminal()
                        : status.equalsIgnoreCase("running") ? i.state() == io.kairos.service.InstanceState.RUNNING
                        : status.equalsIgnoreCase("staging") ? i.state() == io.kairos.service.InstanceState.STAGING
                        : !i.state().isTerminal();
                if (wanted) {
                    tasks.add(MarathonApps.task(i, v.definition(), v));
                }
            }
        }
        return out;
    }

    @POST
    @Path("tasks/delete")
    @Consumes(MediaType.APPLICATION_JSON)
    public ObjectNode killTasksById(@QueryParam("scale") @DefaultValue("false") boolean scale, JsonNode body) {
        JsonNode ids = body == null ? null : body.get("ids");
        if (ids == null || !ids.isArray()) {
            throw ApiException.invalid("/ids", "must be an array of task ids");
        }
        DeploymentView last = null;
        for (JsonNode t : ids) {
            String marathonId = t.asText();
            int dot = marathonId.lastIndexOf('.');
            String app = dot < 0 ? null : "/" + marathonId.substring(0, dot).replace('_', '/');
            long task = MarathonApps.task(marathonId);
            if (app == null || task < 0) {
                throw ApiException.notFound("no task " + marathonId);
            }
            last = services.killInstance(MarathonApps.id(app), task, scale).orElse(last);
        }
        return scale && last != null ? result(last) : F.objectNode();
    }

    // ---- deployments, groups, queue

    @GET
    @Path("deployments")
    public ArrayNode deployments() {
        ArrayNode out = F.arrayNode();
        for (DeploymentView d : deployments.list(false)) {
            ObjectNode o = out.addObject().put("id", d.id().toString()).put("version", d.startedAt().toString());
            o.putArray("affectedApps").add(d.serviceId());
            o.putArray("affectedPods");
            ObjectNode action = F.objectNode().put("action", action(d)).put("app", d.serviceId());
            o.putArray("steps").addObject().putArray("actions").add(action);
            o.putArray("currentActions").add(action.deepCopy());
            o.put("currentStep", 1).put("totalSteps", 1);
        }
        return out;
    }

    private static String action(DeploymentView d) {
        return switch (d.kind()) {
            case CREATE -> "StartApplication";
            case SCALE -> "ScaleApplication";
            case DELETE -> "StopApplication";
            case UPGRADE, RESTART, ROLLBACK -> "RestartApplication";
        };
    }

    /** Rolls back (answering the rollback's id), or with force only stops the deployment (202, as Marathon answers). */
    @DELETE
    @Path("deployments/{id}")
    public Response cancel(@PathParam("id") String id, @QueryParam("force") @DefaultValue("false") boolean force) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("DeploymentPlan " + id + " does not exist");
        }
        Optional<DeploymentView> rollback = services.cancel(uuid, force);
        if (force) {
            return Response.accepted().build();
        }
        return rollback.map(r -> Response.ok(result(r)).build()).orElseGet(() -> Response.ok(F.objectNode()).build());
    }

    @GET
    @Path("groups")
    public ObjectNode root(@QueryParam("embed") List<String> embed) {
        return group("/");
    }

    @GET
    @Path("groups/{id: .+}")
    public ObjectNode group(@PathParam("id") String id) {
        String group = id.equals("/") ? "/" : MarathonApps.id(id);
        List<ServiceView> all = services.list();
        ObjectNode g = group(group, all);
        if (!group.equals("/") && g.get("apps").isEmpty() && g.get("groups").isEmpty()) {
            throw ApiException.notFound("Group '" + group + "' does not exist");
        }
        return g;
    }

    /** A group: the apps directly in it, and its subgroups, each with theirs. */
    private static ObjectNode group(String id, List<ServiceView> all) {
        String prefix = id.equals("/") ? "/" : id + "/";
        ObjectNode g = F.objectNode().put("id", id);
        ArrayNode apps = g.putArray("apps");
        java.util.TreeSet<String> subgroups = new java.util.TreeSet<>();
        Instant version = Instant.EPOCH;
        for (ServiceView v : all) {
            String app = v.definition().id();
            if (!app.startsWith(prefix)) {
                continue;
            }
            String rest = app.substring(prefix.length());
            if (rest.contains("/")) {
                subgroups.add(prefix + rest.substring(0, rest.indexOf('/')));
            } else {
                apps.add(MarathonApps.write(v, false));
            }
            version = v.updatedAt().isAfter(version) ? v.updatedAt() : version;
        }
        ArrayNode groups = g.putArray("groups");
        subgroups.forEach(s -> groups.add(group(s, all)));
        g.putArray("pods");
        g.putArray("dependencies");
        g.put("version", version.toString());
        return g;
    }

    @GET
    @Path("queue")
    public ObjectNode queue() {
        ObjectNode out = F.objectNode();
        ArrayNode queue = out.putArray("queue");
        Instant now = clock.instant();
        for (ServiceView v : services.list()) {
            int live = v.counts().staged() + v.counts().running();
            int missing = v.definition().instances() - live;
            if (missing > 0) {
                ObjectNode q = queue.addObject();
                q.set("app", MarathonApps.write(v, false));
                q.put("count", missing);
                long left = v.launchDelayedUntil() == null ? 0 : Math.max(0, v.launchDelayedUntil().getEpochSecond() - now.getEpochSecond());
                q.putObject("delay").put("timeLeftSeconds", left).put("overdue", left == 0);
            }
        }
        return out;
    }

    // ---- the scheduler

    @GET
    @Path("info")
    public ObjectNode info(@Context UriInfo uri) {
        String leader = leader(uri);
        ObjectNode out = F.objectNode().put("name", "marathon").put("version", "1.10.0-kairos").put("buildref", "kairos")
                .put("elected", leadership.isLeader()).put("leader", leader).put("frameworkId", "kairos-services");
        out.putObject("marathon_config").put("master", "kairos").put("failover_timeout", 604800).put("framework_name", "kairos")
                .put("ha", leadership.clustered()).put("checkpoint", true).put("local_port_min", 0).put("local_port_max", 0)
                .put("executor", "//cmd").put("hostname", uri.getBaseUri().getHost()).put("task_launch_timeout", 300000)
                .put("reconciliation_initial_delay", 15000).put("reconciliation_interval", 600000).put("mesos_role", "*");
        out.putObject("zookeeper_config").put("zk", leadership.clustered() ? "configured" : "none");
        out.putObject("http_config").put("http_port", uri.getBaseUri().getPort());
        return out;
    }

    @GET
    @Path("leader")
    public ObjectNode currentLeader(@Context UriInfo uri) {
        return F.objectNode().put("leader", leader(uri));
    }

    private String leader(UriInfo uri) {
        URI base = leadership.leaderUrl().map(URI::create).orElse(uri.getBaseUri());
        return base.getHost() + ":" + base.getPort();
    }

    // ---- answers

    private Optional<ServiceView> find(String id) {
        try {
            return Optional.of(services.get(id));
        } catch (ApiException e) {
            if (e.kind() == ApiException.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static InstanceView instance(ServiceView v, String marathonTaskId) {
        long task = MarathonApps.task(marathonTaskId);
        return v.tasks().stream().filter(i -> i.id() == task && !i.state().isTerminal()).findFirst()
                .orElseThrow(() -> ApiException.notFound("Task '" + marathonTaskId + "' does not exist"));
    }

    /** Marathon's answer to a change: the app's version and the deployment that carries it out. */
    private static ObjectNode result(ServiceView v) {
        ObjectNode r = F.objectNode().put("version", v.updatedAt().toString());
        if (v.deployment() != null) {
            r.put("deploymentId", v.deployment().id().toString());
        } else {
            r.putNull("deploymentId");
        }
        return r;
    }

    private static ObjectNode result(DeploymentView d) {
        return F.objectNode().put("version", d.startedAt().toString()).put("deploymentId", d.id().toString());
    }

    /** Names the Marathon fields that were accepted and not acted on (RFC 7234's Warning, code 299). */
    private static Response withWarnings(Response.ResponseBuilder r, JsonNode app) {
        List<String> ignored = MarathonApps.ignored(app);
        if (!ignored.isEmpty()) {
            r.header("Warning", "299 kairos \"ignored: " + String.join(", ", ignored) + "\"");
        }
        return r.build();
    }
}
