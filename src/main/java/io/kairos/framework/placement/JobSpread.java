package io.kairos.framework.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one job's tasks run, as attribute values of their agents: what UNIQUE, MAX_PER, GROUP_BY
 * and CLUSTER count against. Counts per field are built on first use and kept up to date as tasks
 * are placed.
 */
public final class JobSpread {

    private final String job;
    private final List<Map<String, String>> placed = new ArrayList<>();
    private final Map<String, Map<String, Integer>> byField = new HashMap<>();

    public JobSpread(String job) {
        this.job = job;
    }

    public String job() {
        return job;
    }

    /** One more task of the job runs on an agent with these attributes. */
    public void add(Map<String, String> agentAttributes) {
        placed.add(agentAttributes);
        byField.forEach((field, counts) -> {
            String v = agentAttributes.get(field);
            if (v != null) {
                counts.merge(v, 1, Integer::sum);
            }
        });
    }

    public int count(String field, String value) {
        return counts(field).getOrDefault(value, 0);
    }

    /** Tasks per value of {@code field}; values no task runs on are absent. */
    public Map<String, Integer> counts(String field) {
        Map<String, Integer> m = byField.get(field);
        if (m == null) {
            m = new HashMap<>();
            for (Map<String, String> a : placed) {
                String v = a.get(field);
                if (v != null) {
                    m.merge(v, 1, Integer::sum);
                }
            }
            byField.put(field, m);
        }
        return m;
    }

    /** A value of {@code field} some task of the job runs on, or null when none runs. */
    public String anyValue(String field) {
        return counts(field).keySet().stream().findFirst().orElse(null);
    }
}
