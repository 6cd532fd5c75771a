package io.kairos.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.api.JsonFields;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a job's {@code parameters} (issue #5) for {@link JobJson}, reporting each problem under
 * {@code /parameters/<i>/<field>}.
 */
final class JobParametersJson {

    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final int MAX_PARAMETERS = 100;
    private static final int MAX_VALUES = 1000;

    private JobParametersJson() {
    }

    /**
     * @param unattended the job has runs nobody starts by hand (a schedule, parents, backfill): each
     *                   required parameter then needs a default
     */
    static List<JobParameter> read(JsonNode n, boolean unattended, JsonFields fields) {
        List<JobParameter> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            fields.error("/parameters", "must be an array like [{\"name\": \"date\", \"type\": \"date\", \"required\": true}]");
            return out;
        }
        if (n.size() > MAX_PARAMETERS) {
            fields.error("/parameters", "has " + n.size() + " parameters; at most " + MAX_PARAMETERS + " are allowed");
            return out;
        }
        // names reach the task upper-cased (KAIROS_PARAM_<NAME>): they must differ in more than case
        Set<String> envNames = new HashSet<>();
        for (int i = 0; i < n.size(); i++) {
            String path = "/parameters/" + i;
            JsonNode p = n.get(i);
            if (!p.isObject()) {
                fields.error(path, "must be an object like {\"name\": \"mode\", \"type\": \"enum\", \"values\": [\"full\", \"delta\"]}");
                continue;
            }
            fields.rejectUnknown(p, path, Set.of("name", "type", "values", "default", "required"), Set.of());
            String name = fields.text(p, path + "/name", 128, false, "name");
            if (name == null) {
                fields.error(path + "/name", "is required");
            } else if (!NAME.matcher(name).matches()) {
                fields.error(path + "/name", "must match [A-Za-z_][A-Za-z0-9_]* (at most 128 characters)");
            } else if (!envNames.add(name.toUpperCase(Locale.ROOT))) {
                fields.error(path + "/name", "'" + name + "' is declared twice (names must differ in more than case)");
            }
            JobParameter.Type type = type(p.get("type"), path + "/type", fields);
            List<String> values = values(p.get("values"), type, path + "/values", fields);
            boolean required = fields.bool(p, path + "/required", false, "required");
            if (name == null || type == null) {
                continue;
            }
            Object dflt = null;
            JsonNode d = p.get("default");
            if (d != null && !d.isNull()) {
                JobParameter withoutDefault = new JobParameter(name, type, values, null, required);
                dflt = ParamBinding.value(withoutDefault, d, path + "/default", fields);
            } else if (required && unattended) {
                fields.error(path + "/default", "is required: the job has runs nobody starts by hand (a schedule or parents),"
                        + " and they take each parameter's default");
            }
            out.add(new JobParameter(name, type, values, dflt, required));
        }
        return out;
    }

    private static JobParameter.Type type(JsonNode n, String path, JsonFields fields) {
        if (n != null && n.isTextual()) {
            switch (n.asText()) {
                case "string":
                    return JobParameter.Type.STRING;
                case "int":
                    return JobParameter.Type.INT;
                case "date":
                    return JobParameter.Type.DATE;
                case "enum":
                    return JobParameter.Type.ENUM;
                default:
                    break;
            }
        }
        fields.error(path, "must be one of string, int, date, enum");
        return null;
    }

    private static List<String> values(JsonNode n, JobParameter.Type type, String path, JsonFields fields) {
        if (type != JobParameter.Type.ENUM) {
            if (n != null && !n.isNull()) {
                fields.error(path, "only an enum parameter lists values");
            }
            return null;
        }
        List<String> values = fields.stringList(n, path);
        if (values == null || values.isEmpty()) {
            if (n == null || n.isNull() || values != null) {
                fields.error(path, "an enum parameter needs at least one value");
            }
            return List.of();
        }
        if (values.size() > MAX_VALUES || new HashSet<>(values).size() != values.size()) {
            fields.error(path, "must be distinct strings, at most " + MAX_VALUES);
        }
        return values;
    }
}
