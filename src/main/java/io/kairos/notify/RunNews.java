package io.kairos.notify;

import java.time.Instant;

/**
 * The body of a {@code json} webhook, and what the Slack text and the e-mail are made of: what
 * happened to which run. Stored in the outbox as it was when the event happened.
 */
public record RunNews(String event, String job, long runId, String state, String reason, Integer exitCode,
                      Instant scheduledAt, Instant startedAt, Instant finishedAt, String link) {

    /** One line for a Slack {@code text} and an e-mail subject. */
    public String headline() {
        String what = switch (event) {
            case "SUCCESS" -> "succeeded";
            case "FAILURE" -> "failed (" + state + ")";
            case "RETRIES_EXHAUSTED" -> "failed, retries exhausted (" + state + ")";
            case "OVERDUE" -> "is overdue";
            default -> event;
        };
        return "Kairos: job " + job + " run " + runId + " " + what;
    }

    public String slackText() {
        return headline() + (reason == null ? "" : ": " + reason) + " <" + link + "|run " + runId + ">";
    }

    public String emailText() {
        return headline() + "\n\n"
                + "job:          " + job + "\n"
                + "run:          " + runId + "\n"
                + "state:        " + state + "\n"
                + "reason:       " + (reason == null ? "" : reason) + "\n"
                + "exit code:    " + (exitCode == null ? "" : exitCode) + "\n"
                + "scheduled at: " + scheduledAt + "\n"
                + "started at:   " + (startedAt == null ? "" : startedAt) + "\n"
                + "finished at:  " + (finishedAt == null ? "" : finishedAt) + "\n"
                + "\n" + link + "\n";
    }
}
