package io.kairos.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a run's parameter values reach its task. Pure.
 * <ul>
 * <li>each declared parameter becomes the environment variable {@code KAIROS_PARAM_<NAME>} (name
 * upper-cased), its value as text; a parameter with no value (optional, no default) is the empty string;</li>
 * <li>an argument that is exactly {@code ${name}}, for a declared {@code name}, is replaced by the value,
 * as one whole argument. Nothing else is touched: {@code --day=${date}}, {@code $${date}}, {@code ${unknown}}
 * stay as written. No shell is involved, so a value cannot split into more arguments or run anything;
 * a job with {@code command} (run through /bin/sh -c) reads the environment variables instead.</li>
 * </ul>
 */
public final class ParamSubstitution {

    public static final String ENV_PREFIX = "KAIROS_PARAM_";

    private ParamSubstitution() {
    }

    public static Map<String, String> env(List<JobParameter> declared, Map<String, Object> values) {
        Map<String, String> env = new LinkedHashMap<>();
        declared.forEach(p -> env.put(ENV_PREFIX + p.name().toUpperCase(Locale.ROOT), text(values.get(p.name()))));
        return env;
    }

    /** @return {@code args} with whole-argument placeholders replaced; null stays null */
    public static List<String> args(List<String> args, List<JobParameter> declared, Map<String, Object> values) {
        if (args == null || declared.isEmpty()) {
            return args;
        }
        return args.stream().map(a -> {
            if (a.length() < 4 || !a.startsWith("${") || !a.endsWith("}")) {
                return a;
            }
            String name = a.substring(2, a.length() - 1);
            return declared.stream().anyMatch(p -> p.name().equals(name)) ? text(values.get(name)) : a;
        }).toList();
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
