package io.kairos.job;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Whom to tell when one of {@code on} happens to a run of the job: exactly one of {@code webhook}
 * and {@code email} is set. Delivery is at least once, from the {@code notification_outbox} table.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Notification(List<Event> on, Webhook webhook, Email email) {

    public Notification {
        on = List.copyOf(on);
    }

    public enum Event {
        /** The run ended FAILED or TIMED_OUT. */
        FAILURE,
        SUCCESS,
        /** The run failed for good after at least one retry; sent instead of FAILURE where both are asked for. */
        RETRIES_EXHAUSTED,
        /** Still going past the job's expectedRuntimeSeconds (once per run). */
        OVERDUE
    }

    public enum Format { json, slack }

    /** {@code url}: http or https; {@code format}: the documented JSON body or Slack's {@code {"text": …}}. */
    public record Webhook(String url, Format format) {
    }

    public record Email(List<String> to) {
        public Email {
            to = List.copyOf(to);
        }
    }
}
