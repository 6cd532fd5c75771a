package io.kairos.compat;

import io.kairos.task.LogStream;
import io.kairos.run.RunLogs;
import io.kairos.run.RunState;
import io.kairos.run.RunView;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A batch's log as Livy shows it: the lines of the run's newest attempt, stdout then stderr, each under Livy's own
 * header ({@code "stdout: "}, {@code "\nstderr: "}), which Livy clients look for. Kairos keeps the streams apart, so
 * the two are not interleaved as a terminal would show them. After them, where Livy puts its {@code "\nYARN Diagnostics: "},
 * Kairos' own under {@code "\nKairos diagnostics: "}: why a batch waits or why it ended without succeeding, so a batch
 * that never started (no agent fits it, its launch failed) does not show an empty log in Airflow's task log.
 */
@ApplicationScoped
class LivyLog {

    /** Read from the end of each stream for a short tail: enough for ten lines of a driver log. */
    private static final int TAIL_BYTES = 16 * 1024;
    private static final int ALL = 16 * 1024 * 1024;
    /** Spark logs its application id while it starts: the head of the log is enough. */
    private static final int APP_ID_BYTES = 64 * 1024;
    /** Spark's application ids: YARN's, standalone's, local mode's, Kubernetes'. */
    private static final Pattern APP_ID = Pattern.compile(
            "\\b(application_\\d+_\\d+|app-\\d{14}-\\d{4}|local-\\d{13}|spark-[0-9a-f]{32})\\b");

    static final String DIAGNOSTICS = "\nKairos diagnostics: ";

    private final RunLogs logs;

    LivyLog(RunLogs logs) {
        this.logs = logs;
    }

    /** The last {@code max} lines (all for {@code Integer.MAX_VALUE}). */
    List<String> lines(RunView run, int max) {
        RunView.AttemptView attempt = newest(run);
        List<String> out = new ArrayList<>();
        out.add("stdout: ");
        out.addAll(stream(run.id(), LogStream.STDOUT, attempt == null ? 0 : attempt.stdoutBytes(), max));
        out.add("\nstderr: ");
        out.addAll(stream(run.id(), LogStream.STDERR, attempt == null ? 0 : attempt.stderrBytes(), max));
        List<String> diagnostics = diagnostics(run);
        if (!diagnostics.isEmpty()) {
            out.add(DIAGNOSTICS);
            out.addAll(diagnostics);
        }
        return out.size() <= max ? out : List.copyOf(out.subList(out.size() - max, out.size()));
    }

    /**
     * Why the run waits, or why it ended without succeeding: what Kairos knows and the driver's output cannot say. Pure.
     * None for a run that is starting, running or succeeded.
     */
    static List<String> diagnostics(RunView run) {
        RunView.AttemptView attempt = newest(run);
        String message = attempt == null || attempt.message() == null || attempt.message().isBlank() ? null : attempt.message();
        List<String> out = new ArrayList<>();
        switch (run.state()) {
            case PENDING -> {
                if (run.waitingFor() != null) {
                    out.add("waiting for resources: " + run.waitingFor());
                }
                if (run.retryAt() != null && run.attemptCount() > 0) {
                    out.add("waiting to retry at " + run.retryAt() + (run.reason() == null ? "" : " after: " + run.reason()));
                } else if (run.reason() != null) {
                    out.add("queued: " + run.reason());
                }
            }
            case FAILED, TIMED_OUT, KILLED, SKIPPED -> {
                String what = switch (run.state()) {
                    case TIMED_OUT -> "timed out";
                    case KILLED -> "killed";
                    case SKIPPED -> "skipped";
                    default -> "failed";
                };
                boolean started = run.startedAt() != null;
                String why = run.reason() != null ? run.reason() : message != null ? message : "no reason was recorded";
                out.add(what + (started || run.state() == RunState.SKIPPED ? "" : " before start") + ": " + why);
                if (message != null && !why.contains(message)) {
                    out.add("attempt " + attempt.number() + " (" + attempt.state() + "): " + message);
                }
            }
            default -> {
            }
        }
        return out;
    }

    /** The Spark application id the driver logged, if it did (local mode mostly does not). */
    String appId(RunView run) {
        for (LogStream s : List.of(LogStream.STDERR, LogStream.STDOUT)) {
            Matcher m = APP_ID.matcher(logs.read(run.id(), null, s, 0, APP_ID_BYTES).data());
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    private List<String> stream(long runId, LogStream stream, long bytes, int max) {
        if (bytes == 0) {
            return List.of();
        }
        long offset = max == Integer.MAX_VALUE ? 0 : Math.max(0, bytes - TAIL_BYTES);
        String text = logs.read(runId, null, stream, offset, ALL).data();
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        if (offset > 0 && !lines.isEmpty()) {
            lines.remove(0); // begun mid-line
        }
        return lines;
    }

    private static RunView.AttemptView newest(RunView run) {
        List<RunView.AttemptView> attempts = run.attempts();
        return attempts == null || attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    }
}
