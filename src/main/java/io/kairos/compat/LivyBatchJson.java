package io.kairos.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.api.ApiException;
import io.kairos.api.FieldError;
import io.kairos.api.JsonFields;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Livy {@code POST /batches} body to the Kairos job JSON of the on-demand Spark job that runs the batch, which
 * {@link io.kairos.job.JobJson} then checks like any other job; its error pointers are turned back into Livy's
 * field names. Livy fields spark-submit knows as properties become {@code conf} entries, exactly as spark-submit
 * turns its own options into them: {@code jars} → {@code spark.jars}, {@code pyFiles} → {@code spark.submit.pyFiles},
 * {@code files} → {@code spark.files}, {@code archives} → {@code spark.archives}, {@code queue} →
 * {@code spark.yarn.queue}, {@code driverCores} → {@code spark.driver.cores}, {@code name} → {@code spark.app.name}.
 * Taken as Livy takes them: whole numbers also as strings holding one (Livy's JSON reader coerces them, and Airflow's
 * templated fields arrive as strings), and {@code conf} keys outside {@code spark.} — which Livy hands to spark-submit
 * and spark-submit ignores with a warning — dropped with that warning.
 */
final class LivyBatchJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> FIELDS = Set.of("file", "proxyUser", "className", "args", "jars", "pyFiles", "files",
            "driverMemory", "driverCores", "executorMemory", "executorCores", "numExecutors", "archives", "queue", "name", "conf");
    /** Livy fields copied as they are into the job's spark section. */
    private static final Map<String, String> SPARK_FIELDS = Map.of("file", "appResource", "className", "mainClass",
            "driverMemory", "driverMemory", "executorMemory", "executorMemory", "executorCores", "executorCores",
            "numExecutors", "numExecutors");
    private static final Map<String, String> LIST_PROPERTIES = Map.of("jars", "spark.jars", "pyFiles", "spark.submit.pyFiles",
            "files", "spark.files", "archives", "spark.archives");
    /** Livy fields that are whole numbers; spark-submit's {@code --executor-cores}, {@code --num-executors}. */
    private static final Set<String> WHOLE_NUMBERS = Set.of("executorCores", "numExecutors");
    private static final java.util.regex.Pattern WHOLE_NUMBER = java.util.regex.Pattern.compile("[+-]?\\d{1,10}");
    static final int MAX_NAME = 256;

    /**
     * The Kairos job body; {@code name}, {@code proxyUser} as Livy shows them, and the field the proxy user came from
     * ({@code /proxyUser} or {@code doAs}); warnings; where each conf key came from.
     */
    record Translated(ObjectNode kairos, String name, String proxyUser, String proxyUserField, List<String> warnings,
                      Map<String, String> confOrigin) {
    }

    private LivyBatchJson() {
    }

    static Translated toKairos(JsonNode in, String jobName, String master) {
        return toKairos(in, null, jobName, master);
    }

    /**
     * @param doAs    Livy's {@code ?doAs=} query parameter, or null: as in Livy, it is the proxy user, over the body's
     * @param jobName the name of the job made for this batch
     * @param master  {@code kairos.livy.master}, or null to leave the master to Spark (as Livy's {@code livy.spark.master})
     */
    static Translated toKairos(JsonNode in, String doAs, String jobName, String master) {
        if (in == null || !in.isObject()) {
            throw ApiException.badRequest(List.of(new FieldError("/", "the body must be a Livy batch JSON object like {\"file\": \"/opt/app.jar\"}")));
        }
        // checked on the Livy body itself, so the error names the Livy field
        List<FieldError> errors = new ArrayList<>(JsonFields.nulErrors(in, ""));
        List<String> warnings = new ArrayList<>();
        for (Iterator<String> it = in.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                errors.add(new FieldError("/" + f, "unknown Livy batch field"));
            }
        }
        ObjectNode spark = NODES.objectNode();
        SPARK_FIELDS.forEach((livy, kairos) -> {
            JsonNode v = in.get(livy);
            if (v != null && !v.isNull()) {
                spark.set(kairos, WHOLE_NUMBERS.contains(livy) ? wholeNumber(v) : v);
            }
        });
        args(in.get("args"), spark, errors);
        ObjectNode conf = spark.putObject("conf");
        Map<String, String> origin = new HashMap<>();
        JsonNode given = in.get("conf");
        if (given != null && !given.isNull()) {
            if (given.isObject()) {
                given.fields().forEachRemaining(e -> {
                    if (e.getKey().startsWith("spark.")) {
                        conf.set(e.getKey(), e.getValue());
                    } else {
                        warnings.add("conf " + e.getKey() + " is not a Spark property: ignored, as spark-submit ignores it "
                                + "(\"Ignoring non-Spark config property\")");
                    }
                });
            } else {
                errors.add(new FieldError("/conf", "must be an object of Spark properties"));
            }
        }
        LIST_PROPERTIES.forEach((livy, property) -> list(in, livy, property, conf, origin, errors));
        property(in, "queue", "spark.yarn.queue", conf, origin, errors);
        property(in, "driverCores", "spark.driver.cores", conf, origin, errors);
        String name = text(in, "name", errors);
        if (name != null && name.length() > MAX_NAME) {
            errors.add(new FieldError("/name", "is longer than " + MAX_NAME + " characters"));
        }
        if (name != null && !conf.has("spark.app.name")) {
            conf.put("spark.app.name", name);
            origin.put("spark.app.name", "/name");
        }
        String proxyUser = text(in, "proxyUser", errors);
        String proxyUserField = proxyUser == null ? null : "/proxyUser";
        if (doAs != null) {
            if (doAs.isBlank() || doAs.indexOf('\u0000') >= 0) {
                errors.add(new FieldError("doAs", "must be a user name"));
            } else {
                if (proxyUser != null && !proxyUser.equals(doAs)) {
                    warnings.add("doAs " + doAs + " is the proxy user; the body's proxyUser " + proxyUser + " is not used (as in Livy)");
                }
                proxyUser = doAs;
                proxyUserField = "doAs";
            }
        }
        if (proxyUser != null) {
            warnings.add("proxyUser" + ("doAs".equals(proxyUserField) ? " (from doAs)" : "") + " is recorded as the batch's owner; the application runs as the agent's user (Kairos does not impersonate)");
        }
        if (master != null) {
            spark.put("master", master);
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        ObjectNode job = NODES.objectNode();
        job.put("name", jobName);
        job.put("owner", proxyUser == null ? "livy" : proxyUser);
        job.put("description", "Livy batch" + (name == null ? "" : " " + name));
        job.set("spark", spark);
        return new Translated(job, name, proxyUser, proxyUserField, List.copyOf(warnings), Map.copyOf(origin));
    }

    /** A string holding a whole number is that number, as Livy reads it; anything else is left for the job's check. */
    private static JsonNode wholeNumber(JsonNode v) {
        if (v.isTextual() && WHOLE_NUMBER.matcher(v.asText().strip()).matches()) {
            long n = Long.parseLong(v.asText().strip());
            return n == (int) n ? NODES.numberNode((int) n) : NODES.numberNode(n);
        }
        return v;
    }

    /** Livy's examples pass numbers ({@code "args": [1000]}); spark-submit gets their text. */
    private static void args(JsonNode args, ObjectNode spark, List<FieldError> errors) {
        if (args == null || args.isNull()) {
            return;
        }
        if (!args.isArray()) {
            errors.add(new FieldError("/args", "must be an array of strings"));
            return;
        }
        var out = spark.putArray("args");
        for (int i = 0; i < args.size(); i++) {
            JsonNode a = args.get(i);
            if (a.isTextual() || a.isNumber() || a.isBoolean()) {
                out.add(a.asText());
            } else {
                errors.add(new FieldError("/args/" + i, "must be a string"));
            }
        }
    }

    /** A list of files becomes one comma-separated property, as spark-submit's --jars, --py-files, --files do. */
    private static void list(JsonNode in, String livy, String property, ObjectNode conf, Map<String, String> origin,
                             List<FieldError> errors) {
        JsonNode v = in.get(livy);
        if (v == null || v.isNull() || (v.isArray() && v.isEmpty())) {
            return;
        }
        if (!v.isArray()) {
            errors.add(new FieldError("/" + livy, "must be an array of paths or URLs"));
            return;
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isTextual() || item.asText().isBlank() || item.asText().contains(",")) {
                errors.add(new FieldError("/" + livy + "/" + i, "must be a path or URL without commas"));
            } else {
                items.add(item.asText());
            }
        }
        if (conf.has(property)) {
            errors.add(new FieldError("/" + livy, "give " + livy + " or conf " + property + ", not both"));
        } else if (!items.isEmpty()) {
            conf.put(property, String.join(",", items));
            origin.put(property, "/" + livy);
        }
    }

    private static void property(JsonNode in, String livy, String property, ObjectNode conf, Map<String, String> origin,
                                 List<FieldError> errors) {
        JsonNode v = in.get(livy);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isTextual() && !v.isNumber()) {
            errors.add(new FieldError("/" + livy, "must be a " + ("queue".equals(livy) ? "string" : "whole number")));
        } else if (conf.has(property)) {
            errors.add(new FieldError("/" + livy, "give " + livy + " or conf " + property + ", not both"));
        } else {
            conf.put(property, v.asText());
            origin.put(property, "/" + livy);
        }
    }

    private static String text(JsonNode in, String field, List<FieldError> errors) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            errors.add(new FieldError("/" + field, "must be a non-empty string"));
            return null;
        }
        return v.asText();
    }

    /** A Kairos refusal of the translated job, as a 400 naming Livy's fields. */
    static ApiException translate(ApiException e, Translated t) {
        List<FieldError> errors = e.errors().stream().map(f -> new FieldError(livyPointer(f.field(), t), f.message())).toList();
        if (e.kind() == ApiException.Kind.FORBIDDEN) {
            // the caller may not run as the proxy user: say which Livy field named it
            return ApiException.forbidden(e.getMessage(), errors);
        }
        if (!e.isBadInput()) {
            return e;
        }
        return errors.isEmpty() ? ApiException.badRequest(e.getMessage()) : ApiException.badRequest(errors);
    }

    static String livyPointer(String kairos, Translated t) {
        if (kairos.equals("/owner")) {
            return t.proxyUserField() == null ? "/proxyUser" : t.proxyUserField();
        }
        if (kairos.equals("/spark/master")) {
            return "kairos.livy.master"; // the server's setting, not the request's
        }
        if (kairos.startsWith("/spark/conf/")) {
            String key = kairos.substring("/spark/conf/".length());
            return t.confOrigin().getOrDefault(key, "/conf/" + key);
        }
        if (kairos.startsWith("/spark/args")) {
            return kairos.substring("/spark".length());
        }
        for (Map.Entry<String, String> f : SPARK_FIELDS.entrySet()) {
            if (kairos.equals("/spark/" + f.getValue())) {
                return "/" + f.getKey();
            }
        }
        return kairos.equals("/spark") ? "/" : kairos;
    }
}
