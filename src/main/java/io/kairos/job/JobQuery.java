package io.kairos.job;

import java.util.Locale;

/**
 * What the jobs page asks for: a search over name, owner and command, filters on the last run's
 * state and on enabled, one sort key, one page. Null means "no filter".
 *
 * @param lastState a run state name, {@code NEVER} for jobs that never ran, or null
 * @param page      from 0
 * @param size      1..500
 */
public record JobQuery(String q, String lastState, Boolean enabled, Sort sort, boolean descending, int page, int size) {

    /** The sort keys; ties are broken by name, so pages neither overlap nor skip a job. */
    public enum Sort {
        NAME, OWNER, NEXT_FIRE, LAST_RUN;

        public static Sort parse(String s) {
            if (s == null || s.isBlank()) {
                return NAME;
            }
            return valueOf(s.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    public static final String NEVER = "NEVER";

    public JobQuery {
        q = q == null || q.isBlank() ? null : q.strip();
        lastState = lastState == null || lastState.isBlank() ? null : lastState.strip().toUpperCase(Locale.ROOT);
        sort = sort == null ? Sort.NAME : sort;
    }
}
