package io.kairos.ui;

import java.util.Locale;

/**
 * One resource as a bar: how much of {@code total} is allocated. Amounts are already worded
 * ("1.5", "3.0 GiB"); {@code percent} is 0..100 for the bar's width.
 */
public record Meter(String resource, String allocated, String free, String total, int percent) {

    static Meter cpus(double allocated, double total) {
        return of("cpus", allocated, total, Meter::cores);
    }

    static Meter memory(long allocatedMb, long totalMb) {
        return of("mem", allocatedMb, totalMb, Meter::mebibytes);
    }

    static Meter disk(long allocatedMb, long totalMb) {
        return of("disk", allocatedMb, totalMb, Meter::mebibytes);
    }

    static Meter gpus(long allocated, long total) {
        return of("gpus", allocated, total, v -> String.valueOf((long) v));
    }

    private static Meter of(String resource, double allocated, double total, java.util.function.DoubleFunction<String> word) {
        int percent = total <= 0 ? 0 : (int) Math.round(Math.min(100, 100 * allocated / total));
        return new Meter(resource, word.apply(allocated), word.apply(Math.max(0, total - allocated)), word.apply(total), percent);
    }

    private static String cores(double v) {
        return Math.abs(v - Math.rint(v)) < 0.005 ? String.valueOf((long) Math.rint(v)) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** MiB below a GiB, GiB (one decimal) above. */
    static String mebibytes(double mb) {
        return mb < 1024 ? (long) mb + " MiB" : String.format(Locale.ROOT, "%.1f GiB", mb / 1024);
    }
}
