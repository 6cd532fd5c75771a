package io.kairos.ui;

import io.kairos.api.Amount;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One resource as a bar: how much of {@code total} is allocated. Amounts are already worded
 * ("1.5", "3.0 GiB"); {@code percent} is 0..100 for the bar's width.
 */
public record Meter(String resource, String allocated, String free, String total, int percent) {

    /** Bars for cpus and memory always, disk and gpus when there are any. */
    static List<Meter> of(Amount total, Amount allocated) {
        List<Meter> m = new ArrayList<>();
        m.add(cpus(value(allocated.cpus()), value(total.cpus())));
        m.add(memory(value(allocated.memMb()), value(total.memMb())));
        if (value(total.diskMb()) > 0) {
            m.add(disk(value(allocated.diskMb()), value(total.diskMb())));
        }
        if (value(total.gpus()) > 0) {
            m.add(gpus(value(allocated.gpus()), value(total.gpus())));
        }
        return m;
    }

    /** The amounts added up, field by field (a null field counts as none). */
    static Amount sum(List<Amount> amounts) {
        double cpus = 0;
        long mem = 0;
        long disk = 0;
        long gpus = 0;
        for (Amount a : amounts) {
            cpus += value(a.cpus());
            mem += value(a.memMb());
            disk += value(a.diskMb());
            gpus += value(a.gpus());
        }
        return new Amount(cpus, mem, disk, gpus);
    }

    private static double value(Double d) {
        return d == null ? 0 : d;
    }

    private static long value(Long l) {
        return l == null ? 0 : l;
    }

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
