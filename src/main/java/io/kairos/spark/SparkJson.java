package io.kairos.spark;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.api.JsonFields;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a job's {@code spark} section, adding every problem to the job's {@link JsonFields} under
 * {@code /spark/<field>}, so a bad Spark job is refused with all its mistakes named at once.
 */
public final class SparkJson {

    private static final Set<String> FIELDS = Set.of("appResource", "mainClass", "args", "conf", "driverMemory",
            "executorMemory", "executorCores", "numExecutors", "master");
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    private static final Pattern CONF_KEY = Pattern.compile("spark\\.[A-Za-z0-9_.\\-\\[\\]]+");
    private static final int MAX_TEXT = 4096;
    private static final int MAX_CONF = 500;

    private final JsonFields fields;

    private SparkJson(JsonFields fields) {
        this.fields = fields;
    }

    /** @return the spec, or null when {@code n} is absent or null; errors go to {@code fields} */
    public static SparkSpec read(JsonNode n, JsonFields fields) {
        return n == null || n.isNull() ? null : new SparkJson(fields).read(n);
    }

    private SparkSpec read(JsonNode n) {
        if (!n.isObject()) {
            fields.error("/spark", "must be an object like {\"appResource\": \"/opt/app.jar\", \"mainClass\": \"com.example.Main\"}");
            return null;
        }
        fields.rejectUnknown(n, "/spark", FIELDS, Set.of());
        String app = fields.text(n, "/spark/appResource", MAX_TEXT, false);
        String lower = app == null ? "" : app.toLowerCase(Locale.ROOT);
        if (app == null || app.isBlank()) {
            fields.error("/spark/appResource", "is required: the application's .jar or .py file");
        } else if (app.chars().anyMatch(Character::isWhitespace) || app.startsWith("-")) {
            fields.error("/spark/appResource", "must be a path or URL without white space, not starting with '-'");
        } else if (!lower.endsWith(".jar") && !lower.endsWith(".py")) {
            fields.error("/spark/appResource", "must be a .jar or .py file (a path on the agent or in the image, or a URL "
                    + "Spark can fetch such as local:/opt/app.jar or hdfs:///apps/app.jar)");
        }
        String mainClass = fields.text(n, "/spark/mainClass", 1024, true);
        if (mainClass != null && !CLASS_NAME.matcher(mainClass).matches()) {
            fields.error("/spark/mainClass", "must be a Java class name like org.example.SparkPi");
        } else if (mainClass != null && lower.endsWith(".py")) {
            fields.error("/spark/mainClass", "a Python application has no main class: leave mainClass out");
        }
        List<String> args = fields.stringList(n.get("args"), "/spark/args");
        Map<String, String> conf = conf(n.get("conf"));
        String driverMemory = memory(n, "driverMemory");
        String executorMemory = memory(n, "executorMemory");
        Integer executorCores = fields.integer(n, "/spark/executorCores", 1, 1024);
        Integer numExecutors = fields.integer(n, "/spark/numExecutors", 1, 10_000);
        String master = fields.text(n, "/spark/master", 1024, true);
        if (master != null && !SparkMaster.valid(master)) {
            fields.error("/spark/master", SparkMaster.FORMAT);
        }
        return new SparkSpec(app, mainClass, args, conf, driverMemory, executorMemory, executorCores, numExecutors, master);
    }

    private String memory(JsonNode n, String field) {
        String path = "/spark/" + field;
        String text = fields.text(n, path, 64, true);
        if (text != null && SparkMemory.mebibytes(text).isEmpty()) {
            fields.error(path, SparkMemory.FORMAT);
            return null;
        }
        return text;
    }

    /** Spark properties: string values; numbers and booleans are taken as their text, as spark-submit would. */
    private Map<String, String> conf(JsonNode n) {
        Map<String, String> conf = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return conf;
        }
        if (!n.isObject()) {
            fields.error("/spark/conf", "must be an object of Spark properties like {\"spark.executor.instances\": \"2\"}");
            return conf;
        }
        if (n.size() > MAX_CONF) {
            fields.error("/spark/conf", "has " + n.size() + " properties; at most " + MAX_CONF + " are allowed");
            return conf;
        }
        n.fields().forEachRemaining(e -> {
            String path = "/spark/conf/" + e.getKey();
            JsonNode v = e.getValue();
            if (!CONF_KEY.matcher(e.getKey()).matches()) {
                // spark-submit warns "Ignoring non-Spark config property" and drops it: refuse it instead of losing it
                fields.error(path, "must be a Spark property: spark. followed by letters, digits, '.', '_', '-'");
            } else if (!v.isTextual() && !v.isNumber() && !v.isBoolean()) {
                fields.error(path, "must be a string (or a number or boolean)");
            } else if (v.asText().length() > MAX_TEXT) {
                fields.error(path, "is longer than " + MAX_TEXT + " characters");
            } else {
                conf.put(e.getKey(), v.asText());
            }
        });
        check(conf, "spark.driver.memory", SparkMemory.mebibytes(conf.get("spark.driver.memory")).isPresent(), SparkMemory.FORMAT);
        check(conf, "spark.master", SparkMaster.valid(conf.get("spark.master")), SparkMaster.FORMAT);
        check(conf, "spark.driver.cores", conf.containsKey("spark.driver.cores") && conf.get("spark.driver.cores").matches("[1-9][0-9]{0,3}"),
                "must be a whole number of cores, 1 to 9999");
        return conf;
    }

    /** Properties Kairos sizes the task by must be readable, or the task would be sized by a guess. */
    private void check(Map<String, String> conf, String key, boolean ok, String message) {
        if (conf.containsKey(key) && !ok) {
            fields.error("/spark/conf/" + key, message);
        }
    }
}
