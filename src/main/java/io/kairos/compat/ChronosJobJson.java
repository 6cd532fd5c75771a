package io.kairos.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.api.ApiException;
import io.kairos.api.FieldError;
import io.kairos.api.JsonFields;
import io.kairos.job.ConcurrencyPolicy;
import io.kairos.job.JobDefinition;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chronos v1 job JSON to the Kairos job JSON and back. Going in, the Chronos body becomes a Kairos
 * body that {@link io.kairos.job.JobJson} then checks like any other, so a Chronos job is a Kairos
 * job; the Kairos error pointers are turned back into Chronos field names. Fields Chronos has and
 * Kairos does not are accepted and reported as warnings, never silently dropped.
 */
final class ChronosJobJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> MAPPED = Set.of("name", "command", "shell", "arguments", "schedule", "scheduleTimeZone",
            "parents", "epsilon", "retries", "owner", "description", "cpus", "mem", "disk", "disabled", "concurrent",
            "softError", "container", "environmentVariables", "constraints", "async", "gpus", "kairosCron");
    /** Chronos fields accepted and not acted on: each gives a warning when it carries a value. */
    private static final Set<String> IGNORED = Set.of("fetch", "uris", "ownerName", "runAsUser", "executor", "executorFlags",
            "highPriority", "dataProcessingJobType", "taskInfoData", "maxCompletionTime");
    /** Read-only fields Chronos' GET shows; a client may send them back. */
    private static final Set<String> READ_ONLY = Set.of("successCount", "errorCount", "lastSuccess", "lastError",
            "errorsSinceLastSuccess");

    /**
     * A job created through the Chronos API gets Chronos' defaults where the body says nothing: 2 retries, 0.1 cpus,
     * 128 MiB of memory and 256 of disk (Kairos' own are 0 retries, 0.25 cpus, 128 MiB, no disk).
     */
    static void chronosDefaults(ObjectNode kairos) {
        ObjectNode retries = kairos.get("retries") instanceof ObjectNode r ? r : kairos.putObject("retries");
        if (!retries.has("max")) {
            retries.put("max", 2);
        }
        ObjectNode resources = kairos.get("resources") instanceof ObjectNode r ? r : kairos.putObject("resources");
        if (!resources.has("cpus")) {
            resources.put("cpus", 0.1);
        }
        if (!resources.has("memMb")) {
            resources.put("memMb", 128);
        }
        if (!resources.has("diskMb")) {
            resources.put("diskMb", 256);
        }
    }

    /** Whether Chronos' job JSON has the field (mapped, ignored or read-only). */
    static boolean known(String field) {
        return MAPPED.contains(field) || IGNORED.contains(field) || READ_ONLY.contains(field);
    }

    /** The Kairos job body and what of the Chronos body was accepted but has no effect. */
    record Translated(ObjectNode kairos, List<String> warnings) {
    }

    private ChronosJobJson() {
    }

    /** @param endpoint "iso8601" (a schedule is required) or "dependency" (parents are required) */
    static Translated toKairos(JsonNode in, String endpoint) {
        List<FieldError> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (in == null || !in.isObject()) {
            throw ApiException.badRequest(List.of(new FieldError("/", "the body must be a Chronos job JSON object")));
        }
        // checked on the Chronos body itself, so the error names the Chronos field (ignored ones too: a warning echoes them)
        errors.addAll(JsonFields.nulErrors(in, ""));
        ObjectNode out = NODES.objectNode();
        for (Iterator<String> it = in.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (IGNORED.contains(f)) {
                JsonNode v = in.get(f);
                if (!v.isNull() && !(v.isContainerNode() && v.isEmpty()) && !(v.isTextual() && v.asText().isEmpty())) {
                    warnings.add(f + " is accepted and ignored: Kairos does not support it");
                }
            } else if (!MAPPED.contains(f) && !READ_ONLY.contains(f)) {
                errors.add(new FieldError("/" + f, "unknown Chronos field"));
            }
        }
        copy(in, "name", out, "name");
        copy(in, "owner", out, "owner");
        copy(in, "description", out, "description");
        copy(in, "softError", out, "softError");
        copy(in, "parents", out, "parents");
        copy(in, "constraints", out, "constraints");

        JsonNode async = in.get("async");
        if (async != null && !async.isNull() && !(async.isBoolean() && !async.asBoolean())) {
            errors.add(new FieldError("/async", "async jobs are not supported; leave async out or false"));
        }
        command(in, out, errors, warnings);
        schedule(in, out, errors, endpoint);
        if ("dependency".equals(endpoint) && (!in.path("parents").isArray() || in.path("parents").isEmpty())) {
            errors.add(new FieldError("/parents", "a dependent job needs at least one parent (POST /v1/scheduler/iso8601 for a scheduled job)"));
        }
        epsilon(in, out, errors);
        JsonNode retries = in.get("retries");
        if (retries != null && !retries.isNull()) {
            if (retries.canConvertToInt() && retries.isIntegralNumber()) {
                out.putObject("retries").put("max", retries.asInt());
            } else {
                errors.add(new FieldError("/retries", "must be a whole number"));
            }
        }
        resources(in, out, errors);
        JsonNode disabled = in.get("disabled");
        if (disabled != null && !disabled.isNull()) {
            if (disabled.isBoolean()) {
                out.put("enabled", !disabled.asBoolean());
            } else {
                errors.add(new FieldError("/disabled", "must be true or false"));
            }
        }
        JsonNode concurrent = in.get("concurrent");
        if (concurrent != null && !concurrent.isNull() && !concurrent.isBoolean()) {
            errors.add(new FieldError("/concurrent", "must be true or false"));
        }
        // Chronos' default is concurrent=false: a run waits for none, it is skipped while one is going
        out.put("concurrencyPolicy", concurrent != null && concurrent.asBoolean(false)
                ? ConcurrencyPolicy.ALLOW.name() : ConcurrencyPolicy.FORBID.name());
        container(in, out, errors, warnings);
        env(in, out, errors);
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        return new Translated(out, List.copyOf(warnings));
    }

    /** Each Chronos field, and the parts of the Kairos job it says: nothing else of a Kairos job is Chronos' to change. */
    private static final Map<String, List<String>> SAYS = Map.ofEntries(
            Map.entry("name", List.of("/name")), Map.entry("owner", List.of("/owner")),
            Map.entry("description", List.of("/description")), Map.entry("softError", List.of("/softError")),
            Map.entry("parents", List.of("/parents")), Map.entry("constraints", List.of("/constraints")),
            Map.entry("command", List.of("/command", "/args")), Map.entry("shell", List.of("/command", "/args")),
            Map.entry("arguments", List.of("/command", "/args")), Map.entry("schedule", List.of("/schedule")),
            Map.entry("scheduleTimeZone", List.of("/schedule")), Map.entry("kairosCron", List.of("/schedule")),
            Map.entry("epsilon", List.of("/startingDeadlineSeconds")), Map.entry("retries", List.of("/retries/max")),
            Map.entry("cpus", List.of("/resources/cpus")), Map.entry("mem", List.of("/resources/memMb")),
            Map.entry("disk", List.of("/resources/diskMb")), Map.entry("gpus", List.of("/resources/gpus")),
            Map.entry("disabled", List.of("/enabled")), Map.entry("concurrent", List.of("/concurrencyPolicy")),
            Map.entry("container", List.of("/container/image", "/container/forcePull")),
            Map.entry("environmentVariables", List.of("/env")));

    /**
     * An update through the Chronos API of an existing job: the Kairos job {@code kept} as it is, with only what the
     * Chronos body changed from the job's Chronos view ({@code shown}) taken from its translation. A field sent back as
     * shown, or left out, changes nothing: a job read through this API and posted back stays exactly as it was, and
     * what Chronos cannot say (timeouts, roles, notifications, catch-up, retry back-off, a cron schedule, no deadline)
     * survives an edit.
     */
    static ObjectNode merge(ObjectNode kept, ObjectNode translated, JsonNode in, JsonNode shown) {
        ObjectNode out = kept.deepCopy();
        for (Map.Entry<String, List<String>> e : SAYS.entrySet()) {
            JsonNode sent = in.get(e.getKey());
            if (sent == null || same(sent, shown.get(e.getKey()))) {
                continue;
            }
            for (String pointer : e.getValue()) {
                JsonNode value = translated.at(pointer);
                if (value.isMissingNode()) {
                    remove(out, pointer);
                } else {
                    JsonFields.putAt(out, pointer, value.deepCopy());
                }
            }
        }
        return out;
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (b == null) {
            return false;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static void remove(ObjectNode root, String pointer) {
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = cut == 0 ? root : root.at(pointer.substring(0, cut));
        if (parent instanceof ObjectNode o) {
            o.remove(pointer.substring(cut + 1));
        }
    }

    private static void command(JsonNode in, ObjectNode out, List<FieldError> errors, List<String> warnings) {
        JsonNode shell = in.get("shell");
        if (shell != null && !shell.isNull() && !shell.isBoolean()) {
            errors.add(new FieldError("/shell", "must be true or false"));
        }
        boolean viaShell = shell == null || shell.asBoolean(true);
        JsonNode command = in.get("command");
        JsonNode arguments = in.get("arguments");
        if (arguments != null && !arguments.isNull() && !arguments.isArray()) {
            errors.add(new FieldError("/arguments", "must be an array of strings"));
            arguments = null;
        }
        boolean hasArguments = arguments != null && arguments.isArray() && !arguments.isEmpty();
        if (viaShell) {
            copy(in, "command", out, "command");
            if (hasArguments) {
                warnings.add("arguments are ignored with shell=true, as in Chronos: put them in command");
            }
            return;
        }
        // shell=false: command is the program, arguments its arguments, exec'd without a shell
        ArrayNode args = out.putArray("args");
        if (command != null && !command.isNull()) {
            args.add(command);
        }
        if (hasArguments) {
            arguments.forEach(args::add);
        }
    }

    private static void schedule(JsonNode in, ObjectNode out, List<FieldError> errors, String endpoint) {
        JsonNode s = in.get("schedule");
        boolean given = s != null && !s.isNull() && !(s.isTextual() && s.asText().isBlank());
        JsonNode cron = in.get("kairosCron");
        if (!given && cron != null && cron.isTextual() && !cron.asText().isBlank()) {
            // a Kairos cron job as the Chronos view shows it (an empty schedule beside its cron), sent back
            ObjectNode schedule = out.putObject("schedule").put("cron", cron.asText());
            JsonNode tz = in.get("scheduleTimeZone");
            if (tz != null && tz.isTextual() && !tz.asText().isBlank()) {
                schedule.set("timezone", tz);
            }
            return;
        }
        if (!given) {
            if ("iso8601".equals(endpoint)) {
                errors.add(new FieldError("/schedule", "is required, like \"R/2014-09-25T17:22:00Z/PT2M\" (POST /v1/scheduler/dependency for a job with parents)"));
            }
            return;
        }
        if (!s.isTextual()) {
            errors.add(new FieldError("/schedule", "must be an ISO-8601 repeating interval like \"R/2014-09-25T17:22:00Z/PT2M\""));
            return;
        }
        ObjectNode schedule = out.putObject("schedule").put("iso8601", s.asText());
        JsonNode tz = in.get("scheduleTimeZone");
        if (tz != null && !tz.isNull() && !(tz.isTextual() && tz.asText().isBlank())) {
            schedule.set("timezone", tz);
        }
    }

    private static void epsilon(JsonNode in, ObjectNode out, List<FieldError> errors) {
        JsonNode e = in.get("epsilon");
        if (e == null || e.isNull() || (e.isTextual() && e.asText().isBlank())) {
            return;
        }
        try {
            long seconds = Duration.parse(e.asText()).getSeconds();
            if (!e.isTextual() || seconds < 1) {
                throw new DateTimeParseException("not positive", e.asText(), 0);
            }
            out.put("startingDeadlineSeconds", seconds > Integer.MAX_VALUE ? Integer.MAX_VALUE : seconds);
        } catch (DateTimeParseException ex) {
            errors.add(new FieldError("/epsilon", "must be a positive ISO-8601 duration like \"PT30M\""));
        }
    }

    private static void resources(JsonNode in, ObjectNode out, List<FieldError> errors) {
        ObjectNode r = NODES.objectNode();
        copy(in, "cpus", r, "cpus");
        for (String[] f : new String[][]{{"mem", "memMb"}, {"disk", "diskMb"}, {"gpus", "gpus"}}) {
            JsonNode v = in.get(f[0]);
            if (v == null || v.isNull()) {
                continue;
            }
            if (v.isNumber()) {
                // Chronos takes MiB as a decimal; Kairos whole MiB
                r.put(f[1], (long) Math.ceil(v.asDouble()));
            } else {
                errors.add(new FieldError("/" + f[0], f[0].equals("gpus") ? "must be a number" : "must be a number of MiB"));
            }
        }
        if (!r.isEmpty()) {
            out.set("resources", r);
        }
    }

    private static void container(JsonNode in, ObjectNode out, List<FieldError> errors, List<String> warnings) {
        JsonNode c = in.get("container");
        if (c == null || c.isNull()) {
            return;
        }
        if (!c.isObject()) {
            errors.add(new FieldError("/container", "must be an object like {\"type\": \"DOCKER\", \"image\": \"busybox\"}"));
            return;
        }
        ObjectNode k = out.putObject("container");
        copy(c, "image", k, "image");
        copy(c, "forcePullImage", k, "forcePull");
        String type = c.path("type").asText("DOCKER");
        if (!"DOCKER".equalsIgnoreCase(type)) {
            warnings.add("container.type " + type + " is run as DOCKER: Kairos runs Docker containers only");
        }
        for (String f : List.of("network", "volumes", "parameters", "networkName", "networkInfos")) {
            JsonNode v = c.get(f);
            if (v != null && !v.isNull() && !(v.isContainerNode() && v.isEmpty()) && !"HOST".equalsIgnoreCase(v.asText())) {
                warnings.add("container." + f + " is accepted and ignored: Kairos does not support it");
            }
        }
        for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("type", "image", "forcePullImage", "network", "volumes", "parameters", "networkName", "networkInfos").contains(f)) {
                errors.add(new FieldError("/container/" + f, "unknown Chronos container field"));
            }
        }
    }

    private static void env(JsonNode in, ObjectNode out, List<FieldError> errors) {
        JsonNode vars = in.get("environmentVariables");
        if (vars == null || vars.isNull()) {
            return;
        }
        if (!vars.isArray()) {
            errors.add(new FieldError("/environmentVariables", "must be an array like [{\"name\": \"KEY\", \"value\": \"v\"}]"));
            return;
        }
        ObjectNode env = out.putObject("env");
        for (int i = 0; i < vars.size(); i++) {
            JsonNode v = vars.get(i);
            if (!v.path("name").isTextual() || !(v.path("value").isTextual() || v.path("value").isNull())) {
                errors.add(new FieldError("/environmentVariables/" + i, "must be {\"name\": \"KEY\", \"value\": \"v\"} with string name and value"));
            } else {
                env.put(v.get("name").asText(), v.path("value").asText(""));
            }
        }
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode v = from.get(field);
        if (v != null && !v.isNull()) {
            to.set(as, v);
        }
    }

    /** A Kairos refusal of the translated job, as Chronos' 400 naming the Chronos fields. */
    static ApiException translate(ApiException e, JsonNode chronos) {
        if (!e.isBadInput()) {
            return e;
        }
        List<FieldError> errors = e.errors().stream().map(f -> new FieldError(chronosPointer(f.field(), chronos), f.message())).toList();
        return errors.isEmpty() ? ApiException.badRequest(e.getMessage()) : ApiException.badRequest(errors);
    }

    static String chronosPointer(String kairos, JsonNode chronos) {
        Map<String, String> exact = Map.of("/schedule/iso8601", "/schedule", "/schedule/timezone", "/scheduleTimeZone",
                "/startingDeadlineSeconds", "/epsilon", "/retries/max", "/retries", "/resources/cpus", "/cpus",
                "/resources/memMb", "/mem", "/resources/diskMb", "/disk", "/container/forcePull", "/container/forcePullImage",
                "/concurrencyPolicy", "/concurrent", "/enabled", "/disabled");
        if (exact.containsKey(kairos)) {
            return exact.get(kairos);
        }
        if (kairos.startsWith("/env/")) {
            String name = kairos.substring("/env/".length());
            JsonNode vars = chronos.path("environmentVariables");
            for (int i = 0; i < vars.size(); i++) {
                if (name.equals(vars.get(i).path("name").asText())) {
                    return "/environmentVariables/" + i;
                }
            }
            return "/environmentVariables";
        }
        if (kairos.startsWith("/args")) {
            return chronos.path("shell").asBoolean(true) ? "/command" : "/arguments";
        }
        if (kairos.startsWith("/schedule")) {
            return "/schedule";
        }
        return kairos;
    }

    /** The Kairos job as Chronos shows it, with the counters from its run history. */
    static ObjectNode toChronos(JobDefinition d, ChronosCounters.Counts counts) {
        ObjectNode o = NODES.objectNode();
        o.put("name", d.name());
        boolean shell = d.args() == null || d.command() != null;
        o.put("command", shell ? d.command() : d.args().isEmpty() ? "" : d.args().get(0));
        o.put("shell", shell);
        ArrayNode arguments = o.putArray("arguments");
        if (!shell) {
            d.args().stream().skip(1).forEach(arguments::add);
        }
        // one of schedule and parents, as Chronos writes a job: its clients refuse to send back one that has both
        if (d.parents().isEmpty()) {
            boolean iso = d.schedule() != null && d.schedule().iso8601() != null;
            o.put("schedule", iso ? d.schedule().iso8601() : "");
            o.put("scheduleTimeZone", d.schedule() == null ? "" : d.schedule().timezone());
            if (d.schedule() != null && d.schedule().cron() != null) {
                // Chronos has no cron: the Kairos schedule is shown beside an empty Chronos one
                o.put("kairosCron", d.schedule().cron());
            }
        } else {
            ArrayNode parents = o.putArray("parents");
            d.parents().forEach(parents::add);
        }
        o.put("epsilon", d.startingDeadlineSeconds() == null ? "PT60S" : Duration.ofSeconds(d.startingDeadlineSeconds()).toString());
        o.put("retries", d.retries().max());
        o.put("owner", d.owner() == null ? "" : d.owner());
        o.put("description", d.description() == null ? "" : d.description());
        o.put("cpus", d.resources().cpus());
        o.put("mem", (double) d.resources().memMb());
        o.put("disk", (double) d.resources().diskMb());
        o.put("gpus", d.resources().gpus());
        o.put("disabled", !d.enabled());
        o.put("concurrent", d.concurrencyPolicy() != ConcurrencyPolicy.FORBID);
        o.put("softError", d.softError());
        o.put("async", false);
        if (d.container() != null) {
            o.putObject("container").put("type", "DOCKER").put("image", d.container().image())
                    .put("network", "HOST").put("forcePullImage", d.container().forcePull()).putArray("volumes");
        }
        ArrayNode env = o.putArray("environmentVariables");
        (d.env() == null ? Map.<String, String>of() : d.env()).forEach((k, v) -> env.addObject().put("name", k).put("value", v));
        ArrayNode constraints = o.putArray("constraints");
        d.constraints().forEach(c -> {
            ArrayNode a = constraints.addArray();
            c.forEach(a::add);
        });
        o.putArray("uris");
        o.putArray("fetch");
        o.put("successCount", counts.successCount());
        o.put("errorCount", counts.errorCount());
        o.put("lastSuccess", counts.lastSuccess() == null ? "" : counts.lastSuccess().toString());
        o.put("lastError", counts.lastError() == null ? "" : counts.lastError().toString());
        o.put("errorsSinceLastSuccess", counts.errorsSinceLastSuccess());
        return o;
    }
}
