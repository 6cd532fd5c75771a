package io.kairos.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.api.ApiException;
import io.kairos.api.JsonFields;
import io.kairos.framework.placement.Constraint;
import io.kairos.framework.placement.Placement;
import io.kairos.schedule.CatchUp;
import io.kairos.schedule.InvalidScheduleException;
import io.kairos.schedule.ScheduleSpec;
import io.kairos.schedule.Schedules;
import io.kairos.security.JobSecrets;
import io.kairos.security.SecretValue;
import io.kairos.spark.SparkJson;
import io.kairos.spark.SparkSizing;
import io.kairos.spark.SparkSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a job from JSON, checking every field and collecting every problem, so a client learns of
 * all its mistakes at once and a half-valid job is never stored. Binding by hand (not Jackson's
 * data binding) is what lets each message name its field: {@code /resources/cpus: must be a number}.
 */
public final class JobJson {

    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,255}");
    private static final List<String> NETWORKS = List.of("bridge", "host", "none");
    private static final java.util.regex.Pattern CAPABILITY = java.util.regex.Pattern.compile("(CAP_)?[A-Z][A-Z_]{1,40}|ALL");
    private static final Set<String> FIELDS = Set.of("name", "description", "owner", "schedule", "container", "command",
            "args", "env", "resources", "role", "constraints", "placement", "enabled", "startingDeadlineSeconds", "catchUp",
            "retries", "timeoutSeconds", "concurrencyPolicy", "expectedRuntimeSeconds",
            "parents", "softError",
            "notifications", "parameters", "spark", "secrets", "tier", "priority");
    public static final String DEFAULT_ROLE = "batch";
    /** Read-only fields GET adds; a client may send them back in a PUT, they are ignored. */
    private static final Set<String> READ_ONLY = Set.of("nextFireTimes", "createdAt", "updatedAt", "version");
    static final JobResources DEFAULT_RESOURCES = JobResources.DEFAULT;
    /** Docker refuses NanoCPUs under 0.01 CPU (the CFS quota would be below its 1 ms minimum). */
    static final double MIN_CONTAINER_CPUS = 0.01;
    /** Docker refuses a memory limit under 6 MiB. */
    static final long MIN_CONTAINER_MEM_MB = 6;
    private static final int MAX_TEXT = 1024;
    private static final int MAX_COMMAND = 65_536;
    private static final int MAX_SECRETS = 64;
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,255}");

    private final JsonFields fields;

    private JobJson() {
        this(new JsonFields());
    }

    private JobJson(JsonFields fields) {
        this.fields = fields;
    }

    /**
     * What a task of a service shares with a job's, read from {@code body} by the job's rules, each problem reported
     * into {@code fields} at the same pointers a job's would be: one set of rules for both kinds of task.
     */
    public record TaskParts(JobDefinition.ContainerSpec container, String command, List<String> args, Map<String, String> env,
                            JobResources resources, List<List<String>> constraints, Placement placement) {
    }

    /** The {@link TaskParts} of {@code body}; a task without an image needs a command or args. */
    public static TaskParts taskParts(JsonNode body, JsonFields fields) {
        JobJson j = new JobJson(fields);
        JobDefinition.ContainerSpec container = j.container(body.get("container"));
        String command = j.command(body);
        List<String> args = j.args(body, command);
        if (container == null && command == null && (args == null || args.isEmpty())) {
            fields.error("/command", "a task without a container image needs a command or args");
        }
        JobResources resources = j.resources(body.get("resources"));
        if (container != null) {
            j.containerLimits(resources);
        }
        return new TaskParts(container, command, args, j.env(body.get("env")), resources, j.constraints(body.get("constraints")),
                j.placement(body.get("placement")));
    }

    /** {@code command}: run through a shell; not blank. */
    private String command(JsonNode body) {
        String command = fields.text(body, "/command", MAX_COMMAND, true);
        if (command != null && command.isBlank()) {
            fields.error("/command", "must not be blank");
        }
        return command;
    }

    /** {@code args}: run without a shell; not beside a command. */
    private List<String> args(JsonNode body, String command) {
        List<String> args = fields.stringList(body.get("args"), "/args");
        if (command != null && args != null) {
            fields.error("/args", "give either command (run through /bin/sh -c) or args (run without a shell), not both");
        }
        return args;
    }

    /** @param pathName the name from the URL on PUT (the body may omit it), or null on POST */
    public static JobDefinition parse(JsonNode body, String pathName) {
        return new JobJson().read(body, pathName);
    }

    private JobDefinition read(JsonNode body, String pathName) {
        if (body == null || !body.isObject()) {
            throw ApiException.malformed("/", "the body must be a JSON object");
        }
        fields.rejectUnknown(body, "", FIELDS, READ_ONLY);
        fields.rejectNul(body, "");
        String name = fields.text(body, "/name", MAX_TEXT, false);
        if (name == null) {
            name = pathName;
        }
        if (name == null) {
            fields.error("/name", "is required");
        } else if (!NAME.matcher(name).matches()) {
            fields.error("/name", "must be 1-128 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        } else if (pathName != null && !pathName.equals(name)) {
            fields.error("/name", "does not match the name in the URL ('" + pathName + "'); a job cannot be renamed");
        }
        String description = fields.text(body, "/description", 4096, true);
        String owner = fields.text(body, "/owner", MAX_TEXT, true);
        ScheduleSpec schedule = schedule(body.get("schedule"));
        JobDefinition.ContainerSpec container = container(body.get("container"));
        String command = command(body);
        List<String> args = args(body, command);
        SparkSpec spark = SparkJson.read(body.get("spark"), fields);
        if (body.hasNonNull("spark") && (command != null || args != null)) {
            fields.error("/spark", "a Spark job runs spark-submit, which Kairos builds from spark: leave command and args out");
        }
        if (container == null && command == null && (args == null || args.isEmpty()) && !body.hasNonNull("spark")) {
            fields.error("/command", "a job without a container image needs a command, args or spark");
        }
        Map<String, String> env = env(body.get("env"));
        JobSecrets secrets = secrets(body.get("secrets"), env);
        JobResources resources = resources(body.get("resources"));
        if (spark != null) {
            // what the driver needs, whatever cpus and memMb were sent (a GET's values may come back stale)
            var sized = SparkSizing.resources(spark, resources.diskMb());
            resources = new JobResources(sized.cpus(), sized.memMb(), sized.diskMb(), resources.gpus(), resources.ports());
        }
        if (container != null) {
            containerLimits(resources);
        }
        String role = fields.text(body, "/role", 128, true);
        if (role == null) {
            role = DEFAULT_ROLE;
        } else if (!NAME.matcher(role).matches()) {
            fields.error("/role", "must be 1-128 characters of letters, digits, '.', '_' or '-'");
        }
        List<List<String>> constraints = constraints(body.get("constraints"));
        Placement placement = placement(body.get("placement"));
        boolean enabled = fields.bool(body, "/enabled", true);
        Integer deadline = fields.integer(body, "/startingDeadlineSeconds", 1, 366 * 86_400);
        CatchUp catchUp = catchUp(body.get("catchUp"));
        RetryPolicy retries = retries(body.get("retries"));
        Integer timeout = fields.integer(body, "/timeoutSeconds", 1, 30 * 86_400);
        ConcurrencyPolicy concurrency = concurrency(body.get("concurrencyPolicy"));
        Integer expectedRuntime = fields.integer(body, "/expectedRuntimeSeconds", 1, 30 * 86_400);
        List<String> parents = parents(body.get("parents"));
        boolean softError = fields.bool(body, "/softError", false);
        List<Notification> notifications = NotificationsJson.read(body.get("notifications"), fields);
        List<JobParameter> parameters = JobParametersJson.read(body.get("parameters"), schedule != null || !parents.isEmpty(), fields);
        String tierName = fields.text(body, "/tier", 16, true);
        Tier tier = tierName == null ? Tier.DEFAULT : Tier.parse(tierName).orElse(null);
        if (tier == null) {
            fields.error("/tier", "must be default or revocable");
        }
        Integer priority = fields.integer(body, "/priority", JobDefinition.MIN_PRIORITY, JobDefinition.MAX_PRIORITY);
        fields.throwIfInvalid();
        return new JobDefinition(name, description, owner, schedule, container, command, args, env, resources, role,
                constraints, placement, enabled, deadline, catchUp, retries, timeout, concurrency, expectedRuntime, parents, softError,
                notifications, parameters, spark, secrets, tier, priority == null ? 0 : priority);
    }

    /** See {@link JobSecrets} for the three forms; whether named ones are stored is checked where they are. */
    private JobSecrets secrets(JsonNode n, Map<String, String> env) {
        if (n == null || n.isNull()) {
            return JobSecrets.KEEP;
        }
        if (n.isArray()) {
            List<String> names = fields.stringList(n, "/secrets");
            if (names == null) {
                return JobSecrets.KEEP;
            }
            names.forEach(name -> secretName(name, env));
            return JobSecrets.named(names);
        }
        if (!n.isObject()) {
            fields.error("/secrets", "must be an object like {\"DB_PASSWORD\": \"value\"} or the list of names GET shows");
            return JobSecrets.KEEP;
        }
        if (n.size() > MAX_SECRETS) {
            fields.error("/secrets", "has " + n.size() + " names; at most " + MAX_SECRETS + " are allowed");
            return JobSecrets.KEEP;
        }
        Map<String, SecretValue> values = new LinkedHashMap<>();
        Set<String> removed = new java.util.HashSet<>();
        n.fields().forEachRemaining(e -> {
            String path = "/secrets/" + e.getKey();
            if (!secretName(e.getKey(), env)) {
                return;
            }
            if (e.getValue().isNull()) {
                removed.add(e.getKey());
            } else if (!e.getValue().isTextual()) {
                // the message never repeats the value
                fields.error(path, "must be a string (the value) or null (to remove it)");
            } else if (e.getValue().asText().length() > SecretValue.MAX_CHARS) {
                fields.error(path, "is longer than " + SecretValue.MAX_CHARS + " characters");
            } else {
                values.put(e.getKey(), new SecretValue(e.getValue().asText()));
            }
        });
        return new JobSecrets(JobSecrets.Kind.PATCH, values.keySet(), values, removed);
    }

    private boolean secretName(String name, Map<String, String> env) {
        String path = "/secrets/" + name;
        if (!SECRET_NAME.matcher(name).matches()) {
            fields.error(path, "is not a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
            return false;
        }
        if (env.containsKey(name)) {
            fields.error(path, "is also in env: a name is a secret or a variable, not both");
            return false;
        }
        return true;
    }

    private ScheduleSpec schedule(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            fields.error("/schedule", "must be an object like {\"cron\": \"0 2 * * *\", \"timezone\": \"Europe/Berlin\"}");
            return null;
        }
        fields.rejectUnknown(n, "/schedule", Set.of("cron", "iso8601", "timezone"), Set.of());
        String cron = fields.text(n, "/schedule/cron", MAX_TEXT, false, "cron");
        String iso = fields.text(n, "/schedule/iso8601", MAX_TEXT, false, "iso8601");
        String tz = fields.text(n, "/schedule/timezone", 128, false, "timezone");
        if (cron == null && iso == null) {
            fields.error("/schedule", "needs cron or iso8601 (leave schedule out for an on-demand job)");
            return null;
        }
        ScheduleSpec spec = new ScheduleSpec(cron, iso, tz == null ? "UTC" : tz);
        try {
            Schedules.parse(spec);
        } catch (InvalidScheduleException e) {
            fields.error("/schedule/" + e.field(), e.getMessage());
        }
        return spec;
    }

    private JobDefinition.ContainerSpec container(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            fields.error("/container", "must be an object like {\"image\": \"busybox:latest\"}");
            return null;
        }
        fields.rejectUnknown(n, "/container", Set.of("image", "forcePull", "privileged", "network", "volumes", "capAdd"), Set.of());
        String image = fields.text(n, "/container/image", 512, false, "image");
        if (image == null || image.isBlank()) {
            fields.error("/container/image", "is required when container is given");
        } else if (image.chars().anyMatch(Character::isWhitespace)) {
            fields.error("/container/image", "must not contain white space");
        }
        boolean forcePull = fields.bool(n, "/container/forcePull", false, "forcePull");
        boolean privileged = fields.bool(n, "/container/privileged", false, "privileged");
        String network = fields.text(n, "/container/network", 16, true, "network");
        if (network != null && !NETWORKS.contains(network)) {
            fields.error("/container/network", "must be one of " + NETWORKS);
        }
        List<String> capAdd = fields.stringList(n.get("capAdd"), "/container/capAdd");
        if (capAdd != null) {
            for (int i = 0; i < capAdd.size(); i++) {
                if (!CAPABILITY.matcher(capAdd.get(i)).matches()) {
                    fields.error("/container/capAdd/" + i, "must be a capability name such as NET_ADMIN");
                }
            }
        }
        return new JobDefinition.ContainerSpec(image, forcePull, privileged, network, volumes(n.get("volumes")), capAdd);
    }

    private List<JobDefinition.Volume> volumes(JsonNode n) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            fields.error("/container/volumes", "must be an array like [{\"hostPath\": \"/data\", \"containerPath\": \"/data\", \"mode\": \"RO\"}]");
            return List.of();
        }
        List<JobDefinition.Volume> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            String path = "/container/volumes/" + i;
            JsonNode v = n.get(i);
            if (!v.isObject()) {
                fields.error(path, "must be an object like {\"hostPath\": \"/data\", \"containerPath\": \"/data\"}");
                continue;
            }
            fields.rejectUnknown(v, path, Set.of("hostPath", "containerPath", "mode"), Set.of());
            String host = mountPath(v, path + "/hostPath", "hostPath");
            String inside = mountPath(v, path + "/containerPath", "containerPath");
            String mode = fields.text(v, path + "/mode", 2, true, "mode");
            if (mode != null && !mode.equals("RO") && !mode.equals("RW")) {
                fields.error(path + "/mode", "must be RO or RW");
            }
            out.add(new JobDefinition.Volume(host, inside, mode));
        }
        return out;
    }

    /** An absolute path Docker's bind syntax can carry (no ':' or ','), without '..'. */
    private String mountPath(JsonNode v, String path, String key) {
        String p = fields.text(v, path, 1024, false, key);
        if (p == null) {
            fields.error(path, "is required");
        } else if (!p.startsWith("/") || p.contains(":") || p.contains(",") || java.util.Arrays.asList(p.split("/")).contains("..")) {
            fields.error(path, "must be an absolute path without ':', ',' or '..'");
        }
        return p;
    }

    private Map<String, String> env(JsonNode n) {
        Map<String, String> env = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return env;
        }
        if (!n.isObject()) {
            fields.error("/env", "must be an object of string values");
            return env;
        }
        if (n.size() > 500) {
            fields.error("/env", "has " + n.size() + " variables; at most 500 are allowed");
            return env;
        }
        n.fields().forEachRemaining(e -> {
            String path = "/env/" + e.getKey();
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                fields.error(path, "is not a valid environment variable name");
            } else if (!e.getValue().isTextual()) {
                fields.error(path, "must be a string");
            } else if (e.getValue().asText().length() > MAX_COMMAND) {
                fields.error(path, "is longer than " + MAX_COMMAND + " characters");
            } else {
                env.put(e.getKey(), e.getValue().asText());
            }
        });
        return env;
    }

    /** Marathon's form: {@code [["rack","EQUALS","r1"], ["hostname","UNIQUE"]]}. */
    private List<List<String>> constraints(JsonNode n) {
        List<List<String>> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            fields.error("/constraints", "must be an array like [[\"rack\", \"EQUALS\", \"r1\"]]");
            return out;
        }
        for (int i = 0; i < n.size(); i++) {
            String path = "/constraints/" + i;
            List<String> c = fields.stringList(n.get(i), path);
            if (c == null) {
                continue;
            }
            try {
                Constraint.parse(List.of(c));
                out.add(c);
            } catch (RuntimeException e) {
                fields.error(path, "must be [field, OPERATOR] or [field, OPERATOR, value] with OPERATOR one of "
                        + java.util.Arrays.toString(Constraint.Operator.values()) + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** {"max": 3, "backoffSeconds": 10, "backoffFactor": 2.0, "maxBackoffSeconds": 600}; missing fields take the defaults. */
    private RetryPolicy retries(JsonNode n) {
        if (n == null || n.isNull()) {
            return RetryPolicy.NONE;
        }
        if (!n.isObject()) {
            fields.error("/retries", "must be an object like {\"max\": 3, \"backoffSeconds\": 10}");
            return RetryPolicy.NONE;
        }
        fields.rejectUnknown(n, "/retries", Set.of("max", "backoffSeconds", "backoffFactor", "maxBackoffSeconds"), Set.of());
        RetryPolicy d = RetryPolicy.NONE;
        Integer max = fields.integer(n, "/retries/max", 0, 100);
        Integer backoff = fields.integer(n, "/retries/backoffSeconds", 0, 86_400);
        Double factor = fields.number(n, "/retries/backoffFactor", 1, 100);
        Integer maxBackoff = fields.integer(n, "/retries/maxBackoffSeconds", 0, 7 * 86_400);
        return new RetryPolicy(max == null ? d.max() : max, backoff == null ? d.backoffSeconds() : backoff,
                factor == null ? d.backoffFactor() : factor, maxBackoff == null ? d.maxBackoffSeconds() : maxBackoff);
    }

    private ConcurrencyPolicy concurrency(JsonNode n) {
        if (n == null || n.isNull()) {
            return ConcurrencyPolicy.ALLOW;
        }
        try {
            if (n.isTextual()) {
                return ConcurrencyPolicy.valueOf(n.asText());
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        fields.error("/concurrencyPolicy", "must be one of ALLOW, FORBID, REPLACE");
        return ConcurrencyPolicy.ALLOW;
    }

    private Placement placement(JsonNode n) {
        if (n == null || n.isNull()) {
            return Placement.BIN_PACK;
        }
        try {
            if (n.isTextual()) {
                return Placement.valueOf(n.asText());
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        fields.error("/placement", "must be BIN_PACK or SPREAD");
        return Placement.BIN_PACK;
    }

    private JobResources resources(JsonNode n) {
        if (n == null || n.isNull()) {
            return DEFAULT_RESOURCES;
        }
        if (!n.isObject()) {
            fields.error("/resources", "must be an object like {\"cpus\": 0.5, \"memMb\": 128}");
            return DEFAULT_RESOURCES;
        }
        fields.rejectUnknown(n, "/resources", Set.of("cpus", "memMb", "diskMb", "gpus", "ports"), Set.of());
        double cpus = DEFAULT_RESOURCES.cpus();
        JsonNode c = n.get("cpus");
        if (c != null && !c.isNull()) {
            if (!c.isNumber()) {
                fields.error("/resources/cpus", "must be a number");
            } else if (!(c.asDouble() > 0) || c.asDouble() > 1024) {
                fields.error("/resources/cpus", "must be more than 0 and at most 1024");
            } else {
                cpus = c.asDouble();
            }
        }
        Integer mem = fields.integer(n, "/resources/memMb", 4, 16 * 1024 * 1024, "memMb");
        Integer disk = fields.integer(n, "/resources/diskMb", 0, 64 * 1024 * 1024, "diskMb");
        Integer gpus = fields.integer(n, "/resources/gpus", 0, 64, "gpus");
        // host ports picked at placement (PORT0..PORTn); a hundred is far beyond any real task
        Integer ports = fields.integer(n, "/resources/ports", 0, 100, "ports");
        return new JobResources(cpus, mem == null ? DEFAULT_RESOURCES.memMb() : mem,
                disk == null ? DEFAULT_RESOURCES.diskMb() : disk, gpus == null ? 0 : gpus, ports == null ? 0 : ports);
    }

    /** What Docker cannot enforce on a container is refused now, not by every run failing inside Docker. */
    private void containerLimits(JobResources r) {
        if (r.cpus() < MIN_CONTAINER_CPUS) {
            fields.error("/resources/cpus", "must be at least " + MIN_CONTAINER_CPUS + " for a job in a container: Docker cannot"
                    + " limit a container to less CPU");
        }
        if (r.memMb() < MIN_CONTAINER_MEM_MB) {
            fields.error("/resources/memMb", "must be at least " + MIN_CONTAINER_MEM_MB + " for a job in a container: Docker's"
                    + " smallest memory limit is 6 MiB");
        }
    }

    /** Names of jobs, each once; whether they exist and close no cycle is checked against the stored graph. */
    private List<String> parents(JsonNode n) {
        List<String> parents = fields.stringList(n, "/parents");
        if (parents == null) {
            return List.of();
        }
        for (int i = 0; i < parents.size(); i++) {
            if (!NAME.matcher(parents.get(i)).matches()) {
                fields.error("/parents/" + i, "is not a valid job name");
            } else if (parents.indexOf(parents.get(i)) < i) {
                fields.error("/parents/" + i, "'" + parents.get(i) + "' is listed twice");
            }
        }
        return parents;
    }

    private CatchUp catchUp(JsonNode n) {
        if (n == null || n.isNull()) {
            return CatchUp.LATEST;
        }
        try {
            if (n.isTextual()) {
                return CatchUp.valueOf(n.asText());
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        fields.error("/catchUp", "must be one of LATEST, ALL, NONE");
        return CatchUp.LATEST;
    }

}
