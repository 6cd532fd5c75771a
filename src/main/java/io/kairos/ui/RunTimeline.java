package io.kairos.ui;

import io.kairos.run.RunView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A run's events in time order, read off its timestamps and its attempts': created (and by whom),
 * each attempt staged, started and ended, a retry waiting, the run's end with its reason.
 */
final class RunTimeline {

    /** One event; {@code state} picks its colour. */
    public record Event(Instant at, String what, String detail, String state) {
    }

    private RunTimeline() {
    }

    static List<Event> of(RunView run) {
        List<Event> events = new ArrayList<>();
        String cause = switch (run.trigger()) {
            case "SCHEDULE" -> "slot of the schedule";
            case "MANUAL" -> "run now";
            case "DEPENDENCY" -> "parents released it";
            case "BACKFILL" -> "backfill";
            default -> run.trigger();
        };
        String by = run.triggeredBy() == null || run.triggeredBy().isEmpty() ? ""
                : "; triggered by " + String.join(", ", run.triggeredBy().stream().map(t -> t.job() + " run " + t.runId()).toList());
        events.add(new Event(run.createdAt(), "queued", cause + ", logical time " + run.scheduledAt() + by, "PENDING"));
        for (RunView.AttemptView a : run.attempts() == null ? List.<RunView.AttemptView>of() : run.attempts()) {
            events.add(new Event(a.createdAt(), "attempt " + a.number() + " staged", "on agent " + a.agentId(), "STAGING"));
            if (a.startedAt() != null) {
                events.add(new Event(a.startedAt(), "attempt " + a.number() + " running",
                        a.containerId() == null ? "" : "container " + a.containerId(), "RUNNING"));
            }
            if (a.finishedAt() != null) {
                String detail = (a.exitCode() == null ? "" : "exit code " + a.exitCode()) + (a.message() == null ? "" : " " + a.message());
                events.add(new Event(a.finishedAt(), "attempt " + a.number() + " " + a.state(), detail.strip(), a.state().name()));
            }
        }
        if (run.retryAt() != null) {
            events.add(new Event(run.retryAt(), "retry due", run.reason() == null ? "" : run.reason(), "PENDING"));
        }
        if (run.finishedAt() != null) {
            events.add(new Event(run.finishedAt(), "run " + run.state(), run.reason() == null ? "" : run.reason(), run.state().name()));
        }
        events.sort(Comparator.comparing(Event::at));
        return events;
    }
}
