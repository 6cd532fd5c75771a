package io.kairos.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.ui.FormField.Kind;

import java.util.List;
import java.util.function.Function;

/**
 * The job form: one input per field of a job definition, grouped as the README documents them,
 * so a definition read into the form and sent back unchanged is the same definition.
 */
final class JobForm {

    /** A titled group of inputs (a fieldset). */
    record Group(String title, List<FormField> fields) {
    }

    static final List<Group> GROUPS = List.of(
            new Group("Job", List.of(
                    FormField.of("/name", "Name", Kind.TEXT, "letters, digits, '.', '_' or '-'; cannot be changed later"),
                    FormField.of("/description", "Description", Kind.TEXTAREA, ""),
                    FormField.of("/owner", "Owner", Kind.TEXT, ""),
                    FormField.of("/enabled", "Enabled", Kind.CHECK, "a disabled job keeps its definition but fires no slots"))),
            new Group("Schedule", List.of(
                    FormField.of("/schedule/cron", "Cron", Kind.TEXT, "min hour dom month dow, 6 fields with seconds first, or @daily…"),
                    FormField.of("/schedule/iso8601", "ISO-8601 interval", Kind.TEXT, "instead of cron: R[n]/start/period, e.g. R/2026-01-01T02:00:00/P1D"),
                    FormField.of("/schedule/timezone", "Time zone", Kind.TEXT, "IANA id such as Europe/Berlin; default UTC"),
                    FormField.of("/startingDeadlineSeconds", "Starting deadline (s)", Kind.INTEGER, "skip a slot that cannot start this late"),
                    FormField.of("/catchUp", "Missed slots", Kind.SELECT, "", "LATEST", "ALL", "NONE"))),
            new Group("What runs", List.of(
                    FormField.of("/command", "Command", Kind.TEXTAREA, "run through /bin/sh -c"),
                    FormField.of("/args", "Arguments", Kind.LINES, "instead of a command: one argument per line, exec'd without a shell"),
                    FormField.of("/container/image", "Container image", Kind.TEXT, "empty: a plain process on the agent"),
                    FormField.of("/container/forcePull", "Always pull the image", Kind.CHECK, ""),
                    FormField.of("/env", "Environment", Kind.KEY_VALUES, "KEY=value, one per line"),
                    FormField.of("/spark", "Spark", Kind.JSON,
                            "instead of a command: JSON, e.g. {\"appResource\": \"/opt/apps/pi.jar\", \"mainClass\": \"org.example.SparkPi\"}"))),
            new Group("Resources and placement", List.of(
                    FormField.of("/resources/cpus", "CPUs", Kind.DECIMAL, ""),
                    FormField.of("/resources/memMb", "Memory (MiB)", Kind.INTEGER, ""),
                    FormField.of("/resources/diskMb", "Disk (MiB)", Kind.INTEGER, ""),
                    FormField.of("/resources/gpus", "GPUs", Kind.INTEGER, ""),
                    FormField.of("/resources/ports", "Host ports", Kind.INTEGER, "how many; the task sees PORT0..n"),
                    FormField.of("/role", "Role", Kind.TEXT, ""),
                    FormField.of("/placement", "Placement", Kind.SELECT, "", "BIN_PACK", "SPREAD"),
                    FormField.of("/tier", "Tier", Kind.SELECT, "revocable: may use other roles' idle quota, and be preempted for it",
                            "default", "revocable"),
                    FormField.of("/priority", "Priority", Kind.INTEGER, "-1000..1000; the lowest revocable runs are preempted first"),
                    FormField.of("/constraints", "Constraints", Kind.JSON, "JSON, e.g. [[\"rack\", \"EQUALS\", \"r1\"]]"))),
            new Group("Run policies", List.of(
                    FormField.of("/retries/max", "Retries", Kind.INTEGER, ""),
                    FormField.of("/retries/backoffSeconds", "Backoff (s)", Kind.INTEGER, ""),
                    FormField.of("/retries/backoffFactor", "Backoff factor", Kind.DECIMAL, ""),
                    FormField.of("/retries/maxBackoffSeconds", "Max backoff (s)", Kind.INTEGER, ""),
                    FormField.of("/timeoutSeconds", "Timeout (s)", Kind.INTEGER, ""),
                    FormField.of("/expectedRuntimeSeconds", "Expected runtime (s)", Kind.INTEGER, "longer is marked overdue"),
                    FormField.of("/concurrencyPolicy", "Concurrency", Kind.SELECT, "", "ALLOW", "FORBID", "REPLACE"))),
            new Group("Dependencies", List.of(
                    FormField.of("/parents", "Parents", Kind.NAMES, "job names, comma-separated"),
                    FormField.of("/softError", "Soft error", Kind.CHECK, "a failure of this job still releases its children"))),
            new Group("Parameters and notifications", List.of(
                    FormField.of("/parameters", "Parameters", Kind.JSON,
                            "JSON, e.g. [{\"name\": \"date\", \"type\": \"date\", \"required\": true}]"),
                    FormField.of("/notifications", "Notifications", Kind.JSON,
                            "JSON, e.g. [{\"on\": [\"FAILURE\"], \"webhook\": {\"url\": \"https://…\"}}]"))));

    static final List<FormField> FIELDS = GROUPS.stream().flatMap(g -> g.fields().stream()).toList();

    private JobForm() {
    }

    /** The definition the form describes, as the API's JSON. */
    static ObjectNode toJson(Function<String, String> sent) {
        ObjectNode doc = FormFields.toJson(FIELDS, sent);
        // a fieldset left empty is the field left out, not an object of defaults
        JsonNode container = doc.path("container");
        if (container.isObject() && !container.has("image")) {
            doc.remove("container");
        }
        JsonNode schedule = doc.path("schedule");
        if (schedule.isObject() && !schedule.has("cron") && !schedule.has("iso8601")) {
            doc.remove("schedule");
        }
        return doc;
    }

    /** The groups with each field taken from {@code fields} (same order). */
    static List<Group> regroup(List<FormField> fields) {
        java.util.Map<String, FormField> byName = new java.util.HashMap<>();
        fields.forEach(f -> byName.put(f.name(), f));
        return GROUPS.stream().map(g -> new Group(g.title(), g.fields().stream().map(f -> byName.get(f.name())).toList())).toList();
    }
}
