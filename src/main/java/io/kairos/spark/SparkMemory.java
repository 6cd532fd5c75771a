package io.kairos.spark;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JVM memory sizes as Spark reads them ({@code spark.driver.memory}, {@code --executor-memory}): a whole number with
 * an optional unit {@code k}, {@code m}, {@code g}, {@code t} (also {@code kb}, {@code mb}, ...), any case; a bare
 * number is MiB, as Spark takes it for these settings. Pure.
 */
public final class SparkMemory {

    private static final Pattern SIZE = Pattern.compile("([0-9]{1,12})([kmgt]?)b?");
    /** What a job may ask for at most, as {@code resources.memMb}: 16 TiB. */
    public static final long MAX_MB = 16L * 1024 * 1024;

    private SparkMemory() {
    }

    /** @return the size in MiB, rounded up; empty when {@code text} is not a size or is 0 or above {@link #MAX_MB} */
    public static OptionalLong mebibytes(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        long n = Long.parseLong(m.group(1));
        double mb = switch (m.group(2)) {
            case "k" -> n / 1024.0;
            case "g" -> n * 1024.0;
            case "t" -> n * 1024.0 * 1024;
            default -> n; // "m" or none
        };
        long rounded = (long) Math.ceil(mb);
        return rounded < 1 || rounded > MAX_MB ? OptionalLong.empty() : OptionalLong.of(rounded);
    }

    public static final String FORMAT = "must be a JVM memory size like 512m or 2g (a whole number with k, m, g or t; "
            + "a bare number is MiB), at most 16t";
}
