package io.kairos.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.api.ApiException;
import io.kairos.api.JsonFields;
import io.kairos.job.JobDefinition;
import io.kairos.job.JobJson;
import io.kairos.job.JobResources;
import io.kairos.task.HealthCheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a service from the API's JSON, field by field, naming each bad field (as {@link JobJson} does for jobs, whose
 * rules the task's parts follow).
 */
public final class ServiceJson {

    /** Marathon's app ids: slash-separated segments of lower-case letters, digits and inner '-', or '.'-joined such. */
    private static final Pattern SEGMENT = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    static final int MAX_ID = 255;
    public static final int MAX_INSTANCES = 1000;
    private static final Set<String> FIELDS = Set.of("id", "description", "owner", "container", "command", "args", "env",
            "instances", "resources", "ports", "constraints", "placement", "role", "priority", "labels", "healthChecks",
            "upgradeStrategy", "backoffSeconds", "backoffFactor", "maxLaunchDelaySeconds");
    /** What a GET adds; sent back in a PUT, ignored. */
    static final Set<String> READ_ONLY = Set.of("version", "configVersion", "createdAt", "updatedAt", "counts", "tasks", "deployment",
            "launchDelayedUntil", "waitingFor");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,127}");

    private final JsonFields fields = new JsonFields();

    private ServiceJson() {
    }

    /**
     * A service id as the API and URLs give it, with its leading '/' (added when missing) and no trailing one; empty
     * when it is not a valid id.
     */
    public static java.util.Optional<String> normalise(String id) {
        if (id == null) {
            return java.util.Optional.empty();
        }
        String p = id.startsWith("/") ? id : "/" + id;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.length() < 2 || p.length() > MAX_ID) {
            return java.util.Optional.empty();
        }
        for (String segment : p.substring(1).split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(p);
    }

    /** @param pathId the id from the URL on PUT (the body may leave it out), or null on POST */
    public static ServiceDefinition parse(JsonNode body, String pathId) {
        return new ServiceJson().read(body, pathId);
    }

    private ServiceDefinition read(JsonNode body, String pathId) {
        if (body == null || !body.isObject()) {
            throw ApiException.malformed("/", "the body must be a JSON object");
        }
        fields.rejectUnknown(body, "", FIELDS, READ_ONLY);
        fields.rejectNul(body, "");
        String given = fields.text(body, "/id", MAX_ID + 1, false);
        String id = given == null ? pathId : normalise(given).orElse(null);
        if (given == null && pathId == null) {
            fields.error("/id", "is required");
        } else if (id == null) {
            fields.error("/id", "must be a path like /team/web: segments of lower-case letters, digits and '-' (not at either"
                    + " end), at most " + MAX_ID + " characters");
        } else if (pathId != null && !pathId.equals(id)) {
            fields.error("/id", "does not match the id in the URL ('" + pathId + "'); a service cannot be renamed");
        }
        String description = fields.text(body, "/description", 4096, true);
        String owner = fields.text(body, "/owner", 1024, true);
        JobJson.TaskParts task = JobJson.taskParts(body, fields);
        if (task.container() != null && !task.container().privileges().isEmpty()) {
            // a role's leave for containers to reach into their host covers its jobs; services do not ask for it yet
            fields.error("/container", "a service's container may not be privileged, use the host's network, mount host paths"
                    + " or add capabilities");
        }
        Integer instances = fields.integer(body, "/instances", 0, MAX_INSTANCES);
        List<ServiceDefinition.Port> ports = ports(body.get("ports"), task.container() != null);
        if (task.resources().ports() != 0 && task.resources().ports() != ports.size()) {
            // a GET's resources.ports (the count of ports) may come back; anything else is a mistake
            fields.error("/resources/ports", "a service names its ports in ports, like \"ports\": [{\"name\": \"http\"}]");
        }
        String role = fields.text(body, "/role", 128, true);
        if (role == null) {
            role = ServiceDefinition.DEFAULT_ROLE;
        } else if (!JobJson.NAME.matcher(role).matches()) {
            fields.error("/role", "must be 1-128 characters of letters, digits, '.', '_' or '-'");
        }
        Integer priority = fields.integer(body, "/priority", JobDefinition.MIN_PRIORITY, JobDefinition.MAX_PRIORITY);
        Map<String, String> labels = labels(body.get("labels"));
        List<ServiceDefinition.Check> checks = checks(body.get("healthChecks"), ports.size());
        ServiceDefinition.UpgradeStrategy upgrade = upgrade(body.get("upgradeStrategy"));
        int n = instances == null ? 1 : instances;
        if (n > 0 && ServicePlan.minReady(n, upgrade) >= n && ServicePlan.maxTotal(n, upgrade) <= n) {
            fields.error("/upgradeStrategy", "with " + n + " instances it keeps all " + n + " serving and allows none more, so no"
                    + " instance could ever be replaced: lower minimumHealthCapacity or raise maximumOverCapacity");
        }
        ServiceDefinition.Backoff d = ServiceDefinition.Backoff.DEFAULT;
        Double backoffSeconds = fields.number(body, "/backoffSeconds", 0, 3600);
        Double backoffFactor = fields.number(body, "/backoffFactor", 1, 100);
        Integer maxDelay = fields.integer(body, "/maxLaunchDelaySeconds", 0, 86_400);
        fields.throwIfInvalid();
        JobResources r = task.resources();
        return new ServiceDefinition(id, description, owner, task.container(), task.command(), task.args(), task.env(),
                instances == null ? 1 : instances, new JobResources(r.cpus(), r.memMb(), r.diskMb(), r.gpus(), ports.size()),
                ports, task.constraints(), task.placement(), role, priority == null ? 0 : priority, labels, checks, upgrade,
                new ServiceDefinition.Backoff(backoffSeconds == null ? d.backoffSeconds() : backoffSeconds,
                        backoffFactor == null ? d.backoffFactor() : backoffFactor, maxDelay == null ? d.maxLaunchDelaySeconds() : maxDelay));
    }

    /** {@code [{"name": "http"}, {"containerPort": 80}, {}]}: one host port each, named or not, mapped or not. */
    private List<ServiceDefinition.Port> ports(JsonNode n, boolean container) {
        List<ServiceDefinition.Port> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray() || n.size() > 100) {
            fields.error("/ports", "must be an array of at most 100 ports like [{\"name\": \"http\"}]");
            return out;
        }
        for (int i = 0; i < n.size(); i++) {
            String path = "/ports/" + i;
            JsonNode p = n.get(i);
            if (!p.isObject()) {
                fields.error(path, "must be an object like {\"name\": \"http\"}");
                continue;
            }
            fields.rejectUnknown(p, path, Set.of("name", "containerPort"), Set.of());
            String name = fields.text(p, path + "/name", 63, true);
            if (name != null && !LABEL.matcher(name).matches()) {
                fields.error(path + "/name", "must be letters, digits, '.', '_', '/' or '-'");
            }
            Integer containerPort = fields.integer(p, path + "/containerPort", 1, 65_535);
            if (containerPort != null && !container) {
                fields.error(path + "/containerPort", "is for a service with an image: a command service listens on its"
                        + " host port ($PORT" + i + ")");
            }
            out.add(new ServiceDefinition.Port(name, containerPort));
        }
        return out;
    }

    private Map<String, String> labels(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject() || n.size() > 100) {
            fields.error("/labels", "must be an object of at most 100 string values");
            return out;
        }
        n.fields().forEachRemaining(e -> {
            String path = "/labels/" + e.getKey();
            if (!LABEL.matcher(e.getKey()).matches()) {
                fields.error(path, "is not a valid label name (letters, digits, '.', '_', '/' or '-', at most 128)");
            } else if (!e.getValue().isTextual() || e.getValue().asText().length() > 1024) {
                fields.error(path, "must be a string of at most 1024 characters");
            } else {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
        return out;
    }

    private List<ServiceDefinition.Check> checks(JsonNode n, int ports) {
        List<ServiceDefinition.Check> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray() || n.size() > 10) {
            fields.error("/healthChecks", "must be an array of at most 10 checks like [{\"protocol\": \"HTTP\", \"path\": \"/\"}]");
            return out;
        }
        for (int i = 0; i < n.size(); i++) {
            String path = "/healthChecks/" + i;
            JsonNode c = n.get(i);
            if (!c.isObject()) {
                fields.error(path, "must be an object like {\"protocol\": \"HTTP\", \"path\": \"/\"}");
                continue;
            }
            fields.rejectUnknown(c, path, Set.of("protocol", "portIndex", "path", "command", "gracePeriodSeconds",
                    "intervalSeconds", "timeoutSeconds", "maxConsecutiveFailures"), Set.of());
            String protocol = fields.text(c, path + "/protocol", 16, true);
            HealthCheck.Protocol p = HealthCheck.Protocol.HTTP;
            if (protocol != null) {
                try {
                    p = HealthCheck.Protocol.valueOf(protocol);
                } catch (IllegalArgumentException e) {
                    fields.error(path + "/protocol", "must be HTTP, TCP or COMMAND");
                    continue;
                }
            }
            Integer portIndex = fields.integer(c, path + "/portIndex", 0, 99);
            int index = portIndex == null ? 0 : portIndex;
            if (p == HealthCheck.Protocol.COMMAND) {
                if (index != 0) {
                    // 0 is what a GET answers (and what Marathon's clients send): it means nothing for a command
                    fields.error(path + "/portIndex", "is for HTTP and TCP checks only");
                }
            } else if (index >= ports) {
                fields.error(path + "/portIndex", ports == 0 ? "the service has no ports to check: give it ports" :
                        "must be less than the number of ports (" + ports + ")");
            }
            String command = fields.text(c, path + "/command", 4096, true);
            if (p == HealthCheck.Protocol.COMMAND) {
                if (command == null || command.isBlank()) {
                    fields.error(path + "/command", "a COMMAND check needs the shell command to run, like \"test -f /tmp/ready\"");
                }
            } else if (command != null) {
                fields.error(path + "/command", "is for COMMAND checks only");
            }
            String httpPath = fields.text(c, path + "/path", 1024, true);
            if (p == HealthCheck.Protocol.HTTP) {
                httpPath = httpPath == null ? "/" : httpPath;
                if (!httpPath.startsWith("/") || httpPath.chars().anyMatch(ch -> ch <= ' ')) {
                    fields.error(path + "/path", "must start with '/' and hold no spaces or control characters");
                }
            } else if (httpPath != null) {
                fields.error(path + "/path", "is for HTTP checks only");
            }
            Integer grace = fields.integer(c, path + "/gracePeriodSeconds", 0, 86_400);
            Integer interval = fields.integer(c, path + "/intervalSeconds", 1, 86_400);
            Integer timeout = fields.integer(c, path + "/timeoutSeconds", 1, 86_400);
            Integer max = fields.integer(c, path + "/maxConsecutiveFailures", 1, 1000);
            // Marathon's defaults
            out.add(new ServiceDefinition.Check(p, index, p == HealthCheck.Protocol.HTTP ? httpPath : null,
                    p == HealthCheck.Protocol.COMMAND ? command : null,
                    grace == null ? 300 : grace, interval == null ? 60 : interval, timeout == null ? 20 : timeout,
                    max == null ? 3 : max));
        }
        return out;
    }

    private ServiceDefinition.UpgradeStrategy upgrade(JsonNode n) {
        if (n == null || n.isNull()) {
            return ServiceDefinition.UpgradeStrategy.DEFAULT;
        }
        if (!n.isObject()) {
            fields.error("/upgradeStrategy", "must be an object like {\"minimumHealthCapacity\": 0.5, \"maximumOverCapacity\": 0.2}");
            return ServiceDefinition.UpgradeStrategy.DEFAULT;
        }
        fields.rejectUnknown(n, "/upgradeStrategy", Set.of("minimumHealthCapacity", "maximumOverCapacity"), Set.of());
        Double min = fields.number(n, "/upgradeStrategy/minimumHealthCapacity", 0, 1);
        Double over = fields.number(n, "/upgradeStrategy/maximumOverCapacity", 0, 1);
        return new ServiceDefinition.UpgradeStrategy(min == null ? 1.0 : min, over == null ? 1.0 : over);
    }
}
