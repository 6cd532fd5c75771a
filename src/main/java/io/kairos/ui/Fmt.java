package io.kairos.ui;

import io.quarkus.qute.TemplateExtension;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Formatting for the console's templates. Instants go out as ISO-8601 in {@code datetime}
 * attributes (kairos.js shows them in the viewer's zone); {@link #inZone} writes one in a job's
 * own zone on the server, for where the job's wall clock is the point (its next fire time).
 */
@TemplateExtension
public final class Fmt {

    private static final DateTimeFormatter ZONED = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm:ss zzz", Locale.US);

    private Fmt() {
    }

    /** {@code {instant.iso}}: ISO-8601 UTC, or empty. */
    static String iso(Instant i) {
        return i == null ? "" : i.toString();
    }

    /** {@code {instant.inZone(zone)}}: e.g. "Thu 26 Nov 2026, 02:00:00 CET". */
    static String inZone(Instant i, String zone) {
        if (i == null) {
            return "";
        }
        ZoneId z;
        try {
            z = ZoneId.of(zone == null || zone.isBlank() ? "UTC" : zone);
        } catch (RuntimeException e) {
            z = ZoneId.of("UTC");
        }
        return ZONED.format(i.atZone(z));
    }

    /** {@code {millis.duration}}: "850 ms", "12.4 s", "3 min 5 s", "2 h 1 min". */
    static String duration(Long millis) {
        if (millis == null) {
            return "";
        }
        long ms = millis;
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
}
