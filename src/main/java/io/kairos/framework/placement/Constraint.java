package io.kairos.framework.placement;

import io.kairos.allocator.FreeAgent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A hard placement constraint, Marathon-style: {@code ["rack", "EQUALS", "r1"]}. The field is an
 * agent attribute ({@code hostname} always exists). {@link #check} answers fits or does not fit
 * with a reason; how good a fit is, is the {@link Placement}'s business, not this one's.
 */
public record Constraint(String field, Operator operator, String value) {

    public enum Operator { EQUALS, LIKE, UNLIKE, UNIQUE, CLUSTER, GROUP_BY, MAX_PER }

    /** Fits, or does not fit and why. */
    public record Verdict(boolean fits, String reason) {
        public static final Verdict FITS = new Verdict(true, null);

        static Verdict no(String reason) {
            return new Verdict(false, reason);
        }
    }

    public Constraint {
        if (field == null || field.isBlank() || operator == null) {
            throw new IllegalArgumentException("a constraint needs a field and an operator");
        }
        switch (operator) {
            case EQUALS, LIKE, UNLIKE -> require(value != null, "needs a value");
            case MAX_PER -> require(value != null && isPositiveInt(value), "needs a count > 0");
            case GROUP_BY -> require(value == null || isPositiveInt(value), "takes an optional count > 0");
            case UNIQUE -> require(value == null, "takes no value");
            case CLUSTER -> { }
        }
        if (operator == Operator.LIKE || operator == Operator.UNLIKE) {
            Pattern.compile(value);
        }
    }

    /** Parses Marathon's form, e.g. {@code [["rack","EQUALS","r1"], ["hostname","UNIQUE"]]}. */
    public static List<Constraint> parse(List<List<String>> raw) {
        List<Constraint> out = new ArrayList<>();
        for (List<String> c : raw) {
            if (c.size() < 2 || c.size() > 3) {
                throw new IllegalArgumentException("a constraint is [field, OPERATOR] or [field, OPERATOR, value]: " + c);
            }
            out.add(new Constraint(c.get(0), Operator.valueOf(c.get(1)), c.size() == 3 ? c.get(2) : null));
        }
        return out;
    }

    /** Whether this constraint depends on where the job already runs, not only on the agent. */
    public boolean dependsOnJob() {
        return switch (operator) {
            case UNIQUE, GROUP_BY, MAX_PER -> true;
            case CLUSTER -> value == null;
            default -> false;
        };
    }

    /** Whether {@code agent} may take one more task of the job whose tasks are counted by {@code spread}, and if not why. */
    public Verdict check(FreeAgent agent, JobSpread spread) {
        return check(agent, spread, true);
    }

    /** {@link #check}'s answer without the reason: placement asks this of many agents per task. */
    public boolean allows(FreeAgent agent, JobSpread spread) {
        return check(agent, spread, false).fits();
    }

    private Verdict check(FreeAgent agent, JobSpread spread, boolean explain) {
        String actual = agent.attributes().get(field);
        switch (operator) {
            case EQUALS:
                return value.equals(actual) ? Verdict.FITS : no(explain, agent, actual);
            case LIKE:
                return actual != null && pattern().matcher(actual).matches() ? Verdict.FITS : no(explain, agent, actual);
            case UNLIKE:
                return actual == null || !pattern().matcher(actual).matches() ? Verdict.FITS : no(explain, agent, actual);
            case CLUSTER: {
                String target = value != null ? value : spread.anyValue(field);
                if (actual == null) {
                    return no(explain, agent, null);
                }
                return target == null || target.equals(actual) ? Verdict.FITS
                        : !explain ? UNEXPLAINED
                        : Verdict.no(field + " CLUSTER: job " + spread.job() + " runs on " + field + "=" + target
                        + ", agent " + agent.hostname() + " has " + actual);
            }
            case UNIQUE: {
                if (actual == null) {
                    return no(explain, agent, null);
                }
                return spread.count(field, actual) == 0 ? Verdict.FITS
                        : !explain ? UNEXPLAINED
                        : Verdict.no(field + " UNIQUE: job " + spread.job() + " already runs on " + field + "=" + actual);
            }
            case MAX_PER: {
                if (actual == null) {
                    return no(explain, agent, null);
                }
                int n = spread.count(field, actual);
                int max = Integer.parseInt(value);
                return n < max ? Verdict.FITS
                        : !explain ? UNEXPLAINED
                        : Verdict.no(field + " MAX_PER " + max + ": job " + spread.job() + " has " + n + " on " + field + "=" + actual);
            }
            case GROUP_BY: {
                if (actual == null) {
                    return no(explain, agent, null);
                }
                int groups = value == null ? 0 : Integer.parseInt(value);
                Map<String, Integer> counts = spread.counts(field);
                int min = counts.size() < groups || counts.isEmpty() ? 0
                        : counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
                int n = counts.getOrDefault(actual, 0);
                return n <= min ? Verdict.FITS
                        : !explain ? UNEXPLAINED
                        : Verdict.no(field + " GROUP_BY: job " + spread.job() + " has " + n + " on " + field + "=" + actual
                        + ", fewest elsewhere is " + min);
            }
            default:
                throw new IllegalStateException(operator.name());
        }
    }

    /** Stands for "does not fit" where nobody reads the reason. */
    private static final Verdict UNEXPLAINED = Verdict.no("does not fit");

    private Verdict no(boolean explain, FreeAgent agent, String actual) {
        if (!explain) {
            return UNEXPLAINED;
        }
        return Verdict.no(agent.hostname() + " has " + (actual == null ? "no " + field : field + "=" + actual)
                + ", needs " + this);
    }

    private Pattern pattern() {
        // compiled per check is measurable at 100k tasks; cache per value
        return PATTERNS.computeIfAbsent(value, Pattern::compile);
    }

    private static final Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    private static boolean isPositiveInt(String s) {
        try {
            return Integer.parseInt(s) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("constraint " + field + " " + operator + " " + what);
        }
    }

    /** Human form: {@code rack=r1}, {@code rack LIKE r[12]}, {@code hostname UNIQUE}. */
    @Override
    public String toString() {
        if (operator == Operator.EQUALS) {
            return field + "=" + value;
        }
        return field + " " + operator + (value == null ? "" : " " + value);
    }
}
