package io.kairos.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.kairos.allocator.Resources;
import io.kairos.api.ApiException;
import io.kairos.api.FieldError;
import io.kairos.schedule.CatchUp;
import io.kairos.schedule.InvalidScheduleException;
import io.kairos.schedule.ScheduleSpec;
import io.kairos.schedule.Schedules;

import java.util.ArrayList;
import java.util.Iterator;
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
    private static final Set<String> FIELDS = Set.of("name", "description", "owner", "schedule", "container", "command",
            "args", "env", "resources", "enabled", "startingDeadlineSeconds", "catchUp");
    /** Read-only fields GET adds; a client may send them back in a PUT, they are ignored. */
    private static final Set<String> READ_ONLY = Set.of("nextFireTimes", "createdAt", "updatedAt", "version");
    static final Resources DEFAULT_RESOURCES = new Resources(0.25, 128, 0);
    private static final int MAX_TEXT = 1024;
    private static final int MAX_COMMAND = 65_536;

    private final List<FieldError> errors = new ArrayList<>();

    private JobJson() {
    }

    /** @param pathName the name from the URL on PUT (the body may omit it), or null on POST */
    public static JobDefinition parse(JsonNode body, String pathName) {
        return new JobJson().read(body, pathName);
    }

    private JobDefinition read(JsonNode body, String pathName) {
        if (body == null || !body.isObject()) {
            throw ApiException.malformed("/", "the body must be a JSON object");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f) && !READ_ONLY.contains(f)) {
                error("/" + f, "unknown field");
            }
        }
        String name = text(body, "/name", MAX_TEXT, false);
        if (name == null) {
            name = pathName;
        }
        if (name == null) {
            error("/name", "is required");
        } else if (!NAME.matcher(name).matches()) {
            error("/name", "must be 1-128 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        } else if (pathName != null && !pathName.equals(name)) {
            error("/name", "does not match the name in the URL ('" + pathName + "'); a job cannot be renamed");
        }
        String description = text(body, "/description", 4096, true);
        String owner = text(body, "/owner", MAX_TEXT, true);
        ScheduleSpec schedule = schedule(body.get("schedule"));
        JobDefinition.ContainerSpec container = container(body.get("container"));
        String command = text(body, "/command", MAX_COMMAND, true);
        List<String> args = stringList(body.get("args"), "/args");
        if (command != null && args != null) {
            error("/args", "give either command (run through /bin/sh -c) or args (run without a shell), not both");
        }
        if (command != null && command.isBlank()) {
            error("/command", "must not be blank");
        }
        if (container == null && command == null && (args == null || args.isEmpty())) {
            error("/command", "a job without a container image needs a command or args");
        }
        Map<String, String> env = env(body.get("env"));
        Resources resources = resources(body.get("resources"));
        boolean enabled = bool(body, "/enabled", true);
        Integer deadline = integer(body, "/startingDeadlineSeconds", 1, 366 * 86_400);
        CatchUp catchUp = catchUp(body.get("catchUp"));
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new JobDefinition(name, description, owner, schedule, container, command, args, env, resources, enabled,
                deadline, catchUp);
    }

    private ScheduleSpec schedule(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            error("/schedule", "must be an object like {\"cron\": \"0 2 * * *\", \"timezone\": \"Europe/Berlin\"}");
            return null;
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("cron", "iso8601", "timezone").contains(f)) {
                error("/schedule/" + f, "unknown field");
            }
        }
        String cron = text(n, "/schedule/cron", MAX_TEXT, false, "cron");
        String iso = text(n, "/schedule/iso8601", MAX_TEXT, false, "iso8601");
        String tz = text(n, "/schedule/timezone", 128, false, "timezone");
        if (cron == null && iso == null) {
            error("/schedule", "needs cron or iso8601 (leave schedule out for an on-demand job)");
            return null;
        }
        ScheduleSpec spec = new ScheduleSpec(cron, iso, tz == null ? "UTC" : tz);
        try {
            Schedules.parse(spec);
        } catch (InvalidScheduleException e) {
            error("/schedule/" + e.field(), e.getMessage());
        }
        return spec;
    }

    private JobDefinition.ContainerSpec container(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            error("/container", "must be an object like {\"image\": \"busybox:latest\"}");
            return null;
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("image", "forcePull").contains(f)) {
                error("/container/" + f, "unknown field");
            }
        }
        String image = text(n, "/container/image", 512, false, "image");
        if (image == null || image.isBlank()) {
            error("/container/image", "is required when container is given");
        } else if (image.chars().anyMatch(Character::isWhitespace)) {
            error("/container/image", "must not contain white space");
        }
        boolean forcePull = bool(n, "/container/forcePull", false, "forcePull");
        return new JobDefinition.ContainerSpec(image, forcePull);
    }

    private Map<String, String> env(JsonNode n) {
        Map<String, String> env = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return env;
        }
        if (!n.isObject()) {
            error("/env", "must be an object of string values");
            return env;
        }
        if (n.size() > 500) {
            error("/env", "has " + n.size() + " variables; at most 500 are allowed");
            return env;
        }
        n.fields().forEachRemaining(e -> {
            String path = "/env/" + e.getKey();
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                error(path, "is not a valid environment variable name");
            } else if (!e.getValue().isTextual()) {
                error(path, "must be a string");
            } else if (e.getValue().asText().length() > MAX_COMMAND) {
                error(path, "is longer than " + MAX_COMMAND + " characters");
            } else {
                env.put(e.getKey(), e.getValue().asText());
            }
        });
        return env;
    }

    private Resources resources(JsonNode n) {
        if (n == null || n.isNull()) {
            return DEFAULT_RESOURCES;
        }
        if (!n.isObject()) {
            error("/resources", "must be an object like {\"cpus\": 0.5, \"memMb\": 128}");
            return DEFAULT_RESOURCES;
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("cpus", "memMb", "diskMb").contains(f)) {
                error("/resources/" + f, "unknown field");
            }
        }
        double cpus = DEFAULT_RESOURCES.cpus();
        JsonNode c = n.get("cpus");
        if (c != null && !c.isNull()) {
            if (!c.isNumber()) {
                error("/resources/cpus", "must be a number");
            } else if (!(c.asDouble() > 0) || c.asDouble() > 1024) {
                error("/resources/cpus", "must be more than 0 and at most 1024");
            } else {
                cpus = c.asDouble();
            }
        }
        Integer mem = integer(n, "/resources/memMb", 4, 16 * 1024 * 1024, "memMb");
        Integer disk = integer(n, "/resources/diskMb", 0, 64 * 1024 * 1024, "diskMb");
        return new Resources(cpus, mem == null ? DEFAULT_RESOURCES.memMb() : mem, disk == null ? DEFAULT_RESOURCES.diskMb() : disk);
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
        error("/catchUp", "must be one of LATEST, ALL, NONE");
        return CatchUp.LATEST;
    }

    private List<String> stringList(JsonNode n, String path) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            error(path, "must be an array of strings");
            return null;
        }
        if (n.size() > 1000) {
            error(path, "has " + n.size() + " items; at most 1000 are allowed");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual()) {
                error(path + "/" + i, "must be a string");
            } else {
                out.add(n.get(i).asText());
            }
        }
        return out;
    }

    private String text(JsonNode parent, String path, int max, boolean nullable) {
        return text(parent, path, max, nullable, path.substring(path.lastIndexOf('/') + 1));
    }

    private String text(JsonNode parent, String path, int max, boolean nullable, String key) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            error(path, "must be a string, not " + describe(n.getNodeType()));
            return null;
        }
        if (n.asText().length() > max) {
            error(path, "is longer than " + max + " characters");
            return null;
        }
        return n.asText();
    }

    private boolean bool(JsonNode parent, String path, boolean dflt) {
        return bool(parent, path, dflt, path.substring(path.lastIndexOf('/') + 1));
    }

    private boolean bool(JsonNode parent, String path, boolean dflt, String key) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            error(path, "must be true or false");
            return dflt;
        }
        return n.asBoolean();
    }

    private Integer integer(JsonNode parent, String path, int min, int max) {
        return integer(parent, path, min, max, path.substring(path.lastIndexOf('/') + 1));
    }

    private Integer integer(JsonNode parent, String path, int min, int max, String key) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            error(path, "must be a whole number");
            return null;
        }
        if (n.asInt() < min || n.asInt() > max) {
            error(path, "must be between " + min + " and " + max);
            return null;
        }
        return n.asInt();
    }

    private static String describe(JsonNodeType t) {
        return switch (t) {
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> t.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }
}
