package io.kairos.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.api.ApiException;
import io.kairos.api.FieldError;
import io.kairos.service.InstanceLifecycle;
import io.kairos.service.InstanceView;
import io.kairos.service.ServiceDefinition;
import io.kairos.service.ServiceJson;
import io.kairos.service.ServiceView;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Marathon's app JSON to a Kairos service and back. A Marathon app <em>is</em> a service: it is read into the service
 * API's JSON and checked by the service's own rules, and a service is written out as Marathon writes an app. Fields
 * Marathon has and Kairos does not act on are accepted and named in a {@code Warning} header; fields Kairos cannot
 * honour safely (privileged containers, fixed host ports) are refused by name.
 */
final class MarathonApps {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Accepted, not acted on. */
    static final Set<String> IGNORED = Set.of("user", "uris", "fetch", "executor", "acceptedResourceRoles", "dependencies",
            "requirePorts", "ipAddress", "networks", "residency", "secrets", "taskKillGracePeriodSeconds", "readinessChecks",
            "storeUrls", "killSelection", "unreachableStrategy", "upgradeStrategy.readiness", "disk.persistent");
    /** Kairos' pointers to Marathon's, for errors. */
    private static final Map<String, String> POINTERS = Map.of("/resources/cpus", "/cpus", "/resources/memMb", "/mem",
            "/resources/diskMb", "/disk", "/resources/gpus", "/gpus", "/command", "/cmd", "/container/image",
            "/container/docker/image", "/ports", "/portDefinitions");

    private MarathonApps() {
    }

    /** Marathon's app id as Kairos keeps it: a path with its leading '/'. */
    static String id(String path) {
        return ServiceJson.normalise(path).orElseThrow(() -> ApiException.notFound("App '/" + path + "' does not exist"));
    }

    /** A Marathon task id: the app's path with '_' for '/', a dot, and Kairos' task id. */
    static String taskId(String serviceId, long task) {
        return serviceId.substring(1).replace('/', '_') + "." + task;
    }

    /** Kairos' task id of a Marathon task id; -1 when it is not one Kairos made. */
    static long task(String marathonTaskId) {
        int dot = marathonTaskId.lastIndexOf('.');
        try {
            return Long.parseLong(dot < 0 ? marathonTaskId : marathonTaskId.substring(dot + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The names of the fields of {@code app} that are accepted and ignored. */
    static List<String> ignored(JsonNode app) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = app.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (IGNORED.contains(f) && !app.get(f).isNull() && !(app.get(f).isContainerNode() && app.get(f).isEmpty())) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * Reads Marathon's app JSON into a service, with Marathon's defaults (1 cpu, 128 MiB, 1 instance).
     *
     * @param pathId the app id of the URL (PUT), or null
     */
    static ServiceDefinition read(JsonNode app, String pathId) {
        if (app == null || !app.isObject()) {
            throw ApiException.malformed("/", "the body must be a JSON object (a Marathon app)");
        }
        List<FieldError> errors = new ArrayList<>();
        ObjectNode s = F.objectNode();
        String id = app.hasNonNull("id") ? app.get("id").asText() : pathId;
        if (id != null) {
            s.put("id", id);
        }
        copy(app, "cmd", s, "command");
        copy(app, "args", s, "args");
        copy(app, "instances", s, "instances");
        copy(app, "labels", s, "labels");
        copy(app, "constraints", s, "constraints");
        copy(app, "upgradeStrategy", s, "upgradeStrategy");
        copy(app, "backoffSeconds", s, "backoffSeconds");
        copy(app, "backoffFactor", s, "backoffFactor");
        copy(app, "maxLaunchDelaySeconds", s, "maxLaunchDelaySeconds");
        if (app.hasNonNull("upgradeStrategy") && app.get("upgradeStrategy").isObject()) {
            ObjectNode u = ((ObjectNode) app.get("upgradeStrategy")).deepCopy();
            u.remove("readiness");
            s.set("upgradeStrategy", u);
        }
        if (app.hasNonNull("role") && !app.get("role").asText().equals("*")) {
            s.set("role", app.get("role"));
        }
        JsonNode labels = app.get("labels");
        if (labels != null && labels.hasNonNull("owner")) {
            // Marathon has no owner: the label of that name says which team's the app is
            s.put("owner", labels.get("owner").asText());
        }
        ObjectNode resources = s.putObject("resources");
        resources.set("cpus", app.hasNonNull("cpus") ? app.get("cpus") : F.numberNode(1.0));
        resources.set("memMb", app.hasNonNull("mem") ? wholeMb(app.get("mem")) : F.numberNode(128));
        if (app.hasNonNull("disk")) {
            resources.set("diskMb", wholeMb(app.get("disk")));
        }
        if (app.hasNonNull("gpus")) {
            resources.set("gpus", app.get("gpus"));
        }
        env(app.get("env"), s, errors);
        container(app.get("container"), s, errors);
        ports(app, s, errors);
        checks(app.get("healthChecks"), s, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        try {
            return ServiceJson.parse(s, pathId);
        } catch (ApiException e) {
            if (e.kind() != ApiException.Kind.INVALID) {
                throw e;
            }
            throw ApiException.invalid(e.errors().stream().map(f -> new FieldError(POINTERS.getOrDefault(f.field(), f.field()),
                    f.message())).toList());
        }
    }

    /** A service as Marathon writes an app, with its tasks when {@code tasks}. */
    static ObjectNode write(ServiceView v, boolean tasks) {
        ServiceDefinition d = v.definition();
        ObjectNode a = F.objectNode();
        a.put("id", d.id());
        a.put("cmd", d.command());
        if (d.args() == null) {
            a.putNull("args");
        } else {
            d.args().forEach(a.withArray("args")::add);
        }
        a.put("cpus", d.resources().cpus());
        a.put("mem", (double) d.resources().memMb());
        a.put("disk", (double) d.resources().diskMb());
        a.put("gpus", d.resources().gpus());
        a.put("instances", d.instances());
        if (d.container() != null) {
            ObjectNode c = a.putObject("container");
            c.put("type", "DOCKER");
            boolean mapped = d.ports().stream().anyMatch(p -> p.containerPort() != null);
            ObjectNode docker = c.putObject("docker").put("image", d.container().image())
                    .put("forcePullImage", d.container().forcePull()).put("network", mapped ? "BRIDGE" : "HOST")
                    .put("privileged", false);
            if (mapped) {
                ArrayNode pm = docker.putArray("portMappings");
                d.ports().forEach(p -> named(pm.addObject().put("containerPort", p.containerPort() == null ? 0 : p.containerPort())
                        .put("hostPort", 0).put("protocol", "tcp"), p));
            }
        } else {
            a.putNull("container");
        }
        ArrayNode pd = a.putArray("portDefinitions");
        if (d.ports().stream().allMatch(p -> p.containerPort() == null)) {
            d.ports().forEach(p -> named(pd.addObject().put("port", 0).put("protocol", "tcp"), p));
        }
        ObjectNode env = a.putObject("env");
        d.env().forEach(env::put);
        ArrayNode cs = a.putArray("constraints");
        d.constraints().forEach(c -> c.forEach(cs.addArray()::add));
        ArrayNode hc = a.putArray("healthChecks");
        for (ServiceDefinition.Check c : d.healthChecks()) {
            ObjectNode o = hc.addObject().put("protocol", c.protocol().name()).put("portIndex", c.portIndex())
                    .put("gracePeriodSeconds", c.gracePeriodSeconds()).put("intervalSeconds", c.intervalSeconds())
                    .put("timeoutSeconds", c.timeoutSeconds()).put("maxConsecutiveFailures", c.maxConsecutiveFailures());
            if (c.path() != null) {
                o.put("path", c.path());
            }
            if (c.command() != null) {
                o.remove("portIndex");
                o.putObject("command").put("value", c.command());
            }
        }
        a.putObject("upgradeStrategy").put("minimumHealthCapacity", d.upgradeStrategy().minimumHealthCapacity())
                .put("maximumOverCapacity", d.upgradeStrategy().maximumOverCapacity());
        ObjectNode labels = a.putObject("labels");
        d.labels().forEach(labels::put);
        a.put("role", d.role());
        number(a, "backoffSeconds", d.backoff().backoffSeconds());
        a.put("backoffFactor", d.backoff().backoffFactor());
        a.put("maxLaunchDelaySeconds", d.backoff().maxLaunchDelaySeconds());
        a.put("version", v.updatedAt().toString());
        a.putObject("versionInfo").put("lastScalingAt", v.updatedAt().toString()).put("lastConfigChangeAt", v.updatedAt().toString());
        a.put("tasksStaged", v.counts().staged());
        a.put("tasksRunning", v.counts().running());
        a.put("tasksHealthy", v.counts().healthy());
        a.put("tasksUnhealthy", v.counts().unhealthy());
        ArrayNode deployments = a.putArray("deployments");
        if (v.deployment() != null) {
            deployments.addObject().put("id", v.deployment().id().toString());
        }
        if (tasks) {
            ArrayNode t = a.putArray("tasks");
            v.tasks().stream().filter(i -> !i.state().isTerminal()).forEach(i -> t.add(task(i, d, v)));
        }
        return a;
    }

    /** One instance as a Marathon task. */
    static ObjectNode task(InstanceView i, ServiceDefinition d, ServiceView v) {
        ObjectNode t = F.objectNode();
        t.put("id", taskId(i.serviceId(), i.id()));
        t.put("appId", i.serviceId());
        t.put("host", i.host());
        t.put("agentId", i.agentId());
        t.put("slaveId", i.agentId());
        t.put("state", i.marathonState());
        ArrayNode ports = t.putArray("ports");
        i.ports().forEach(ports::add);
        t.putArray("servicePorts");
        t.put("stagedAt", i.createdAt().toString());
        if (i.startedAt() != null) {
            t.put("startedAt", i.startedAt().toString());
        } else {
            t.putNull("startedAt");
        }
        t.put("version", v.updatedAt().toString());
        t.putArray("ipAddresses");
        if (!d.healthChecks().isEmpty() && i.health() != InstanceLifecycle.Health.UNKNOWN) {
            boolean alive = i.health() == InstanceLifecycle.Health.HEALTHY;
            ObjectNode r = t.putArray("healthCheckResults").addObject().put("alive", alive).put("consecutiveFailures", alive ? 0 : 1)
                    .put("taskId", taskId(i.serviceId(), i.id()));
            if (!alive) {
                r.put("lastFailureCause", i.healthMessage());
            }
        }
        return t;
    }

    private static void number(ObjectNode o, String field, double v) {
        if (v == Math.rint(v) && Math.abs(v) < Integer.MAX_VALUE) {
            o.put(field, (int) v);
        } else {
            o.put(field, v);
        }
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        if (from.has(field) && !from.get(field).isNull()) {
            to.set(as, from.get(field));
        }
    }

    /** Marathon's memory and disk are MiB as a (possibly fractional) number. */
    private static JsonNode wholeMb(JsonNode n) {
        return n.isNumber() ? F.numberNode((long) Math.ceil(n.asDouble())) : n;
    }

    private static void env(JsonNode env, ObjectNode s, List<FieldError> errors) {
        if (env == null || env.isNull()) {
            return;
        }
        if (!env.isObject()) {
            errors.add(new FieldError("/env", "must be an object of string values"));
            return;
        }
        ObjectNode out = s.putObject("env");
        env.fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                errors.add(new FieldError("/env/" + e.getKey(), "secret references are not supported; Kairos jobs keep secrets"));
            } else {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
    }

    private static void container(JsonNode c, ObjectNode s, List<FieldError> errors) {
        if (c == null || c.isNull()) {
            return;
        }
        JsonNode docker = c.path("docker");
        if (docker.isMissingNode() || !docker.hasNonNull("image")) {
            errors.add(new FieldError("/container/docker/image", "is required: Kairos runs a Marathon container as a Docker image"));
            return;
        }
        if (docker.path("privileged").asBoolean(false)) {
            errors.add(new FieldError("/container/docker/privileged", "a service's container may not be privileged"));
        }
        if (c.path("volumes").size() > 0) {
            errors.add(new FieldError("/container/volumes", "a service may not mount host paths"));
        }
        ObjectNode out = s.putObject("container").put("image", docker.get("image").asText());
        if (docker.path("forcePullImage").asBoolean(false)) {
            out.put("forcePull", true);
        }
    }

    /**
     * Host ports: {@code portDefinitions}, the older {@code ports}, or the container's {@code portMappings}. Each is one
     * port from the agent's range, which a container has published under the same number or, for a mapping with a
     * {@code containerPort}, to that port inside it; a fixed host port cannot be promised on a shared pool.
     */
    private static void ports(JsonNode app, ObjectNode s, List<FieldError> errors) {
        JsonNode defs = app.get("portDefinitions");
        String where = "/portDefinitions";
        if (defs == null || defs.isNull()) {
            defs = app.path("container").path("docker").get("portMappings");
            where = "/container/docker/portMappings";
        }
        if (defs == null || defs.isNull()) {
            defs = app.path("container").get("portMappings");
            where = "/container/portMappings";
        }
        ArrayNode out = F.arrayNode();
        if (defs != null && defs.isArray()) {
            for (int i = 0; i < defs.size(); i++) {
                JsonNode p = defs.get(i);
                int fixed = p.path("port").asInt(0) + p.path("hostPort").asInt(0);
                if (fixed != 0 && !app.path("requirePorts").asBoolean(false) && p.has("port")) {
                    // Marathon's "port" is a service port, not what the task gets: a task always gets one from the range
                    fixed = 0;
                }
                if (fixed != 0) {
                    errors.add(new FieldError(where + "/" + i, "a fixed host port cannot be promised on a shared pool: use 0"));
                }
                ObjectNode o = out.addObject();
                if (p.hasNonNull("name")) {
                    o.put("name", p.get("name").asText());
                }
                if (where.endsWith("portMappings") && p.path("containerPort").asInt(0) != 0) {
                    // 0 is Marathon's "the host port's own number", which is Kairos' default
                    o.set("containerPort", p.get("containerPort"));
                }
            }
        } else if (app.path("ports").isArray()) {
            app.get("ports").forEach(p -> out.addObject());
        }
        if (!out.isEmpty()) {
            s.set("ports", out);
        }
    }

    private static void named(ObjectNode port, ServiceDefinition.Port p) {
        if (p.name() != null) {
            port.put("name", p.name());
        }
    }

    private static void checks(JsonNode checks, ObjectNode s, List<FieldError> errors) {
        if (checks == null || checks.isNull() || !checks.isArray()) {
            return;
        }
        ArrayNode out = s.putArray("healthChecks");
        for (int i = 0; i < checks.size(); i++) {
            JsonNode c = checks.get(i);
            ObjectNode o = c.deepCopy();
            String protocol = c.path("protocol").asText("HTTP").toUpperCase(Locale.ROOT);
            switch (protocol) {
                case "HTTP", "MESOS_HTTP" -> o.put("protocol", "HTTP");
                case "TCP", "MESOS_TCP" -> o.put("protocol", "TCP");
                case "COMMAND" -> {
                    // Marathon's {"command": {"value": "..."}}: run where the task runs, as the task runs
                    o.put("protocol", "COMMAND");
                    JsonNode value = c.path("command").path("value");
                    if (!value.isTextual()) {
                        errors.add(new FieldError("/healthChecks/" + i + "/command/value", "a COMMAND check needs its command"
                                + " as {\"command\": {\"value\": \"...\"}}"));
                    } else {
                        o.put("command", value.asText());
                    }
                    o.remove("portIndex");
                }
                default -> errors.add(new FieldError("/healthChecks/" + i + "/protocol", protocol
                        + " checks are not supported: use HTTP, MESOS_HTTP, TCP, MESOS_TCP or COMMAND"));
            }
            if (c.hasNonNull("port")) {
                errors.add(new FieldError("/healthChecks/" + i + "/port", "a fixed port is not supported: use portIndex"));
            }
            for (String ignored : List.of("port", "ignoreHttp1xx", "ipProtocol", "delaySeconds")) {
                o.remove(ignored);
            }
            if (!"COMMAND".equals(o.path("protocol").asText())) {
                o.remove("command");
            }
            out.add(o);
        }
    }
}
