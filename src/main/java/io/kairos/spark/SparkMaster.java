package io.kairos.spark;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code --master} values Kairos accepts, and how many cores a local master runs on. Pure. */
public final class SparkMaster {

    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|[1-9][0-9]{0,3})(?:,[1-9][0-9]{0,3})?])?");
    private static final Pattern STANDALONE = Pattern.compile("spark://[^\\s,/:]+:[0-9]{1,5}(?:,[^\\s,/:]+:[0-9]{1,5})*");
    private static final Pattern CLUSTER = Pattern.compile("yarn|k8s://\\S+|mesos://\\S+");

    public static final String FORMAT = "must be local, local[n], local[*], local[n,maxFailures], spark://host:port, yarn or "
            + "k8s://https://host:port";

    private SparkMaster() {
    }

    public static boolean valid(String master) {
        return master != null && (LOCAL.matcher(master).matches() || STANDALONE.matcher(master).matches()
                || CLUSTER.matcher(master).matches());
    }

    public static boolean local(String master) {
        return LOCAL.matcher(master).matches();
    }

    /**
     * The worker threads of a local master: {@code local} 1, {@code local[n]} n; empty for {@code local[*]} (every
     * core of the host, which Kairos cannot know in advance) and for any other master.
     */
    public static OptionalInt localThreads(String master) {
        Matcher m = LOCAL.matcher(master);
        if (!m.matches()) {
            return OptionalInt.empty();
        }
        if (m.group(1) == null) {
            return OptionalInt.of(1);
        }
        return "*".equals(m.group(1)) ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(m.group(1)));
    }
}
