package io.kairos.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A run as the API shows it; {@code attempts} is filled on the single-run endpoint. {@code reason}
 * says why the run is in its state (skipped, failed, a catch-up run); {@code waitingFor}, while
 * it is PENDING, why it has not started yet.
 */
@Schema(description = "A run: PENDING -> STAGING -> RUNNING -> SUCCEEDED | FAILED | KILLED | TIMED_OUT | SKIPPED, with its "
                + "timestamps, exit code, agent and container; waitingFor says why a PENDING run has not started; attempts are filled "
                + "on GET /runs/{id}.")
public record RunView(long id, String job, String trigger, Instant scheduledAt, RunState state, String reason, String waitingFor,
                      Integer exitCode, String agentId, String containerId, int attemptCount, int failures, Instant retryAt,
                      boolean overdue, Instant createdAt,
                      Instant startedAt, Instant finishedAt, Long durationMs, List<AttemptView> attempts,
                      @JsonInclude(JsonInclude.Include.NON_NULL) List<TriggeredBy> triggeredBy,
                      // issue #5: the parameter values, a JSON object as stored (null until bound)
                      @JsonRawValue String params,
                      // arguments appended to the argv for this run only (a JSON array as stored), null for none
                      @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue String extraArgs) {

    /** A parent run that triggered this DEPENDENCY run. */
    @Schema(description = "A parent run that triggered this DEPENDENCY run.")
    public record TriggeredBy(long runId, String job) {
    }

    /** {@code triggeredBy} is filled where runs are read one job or one run at a time. */
    RunView withTriggeredBy(List<TriggeredBy> triggers) {
        return new RunView(id, job, trigger, scheduledAt, state, reason, waitingFor, exitCode, agentId, containerId, attemptCount,
                failures, retryAt, overdue, createdAt, startedAt, finishedAt, durationMs, attempts, List.copyOf(triggers),
                params, extraArgs);
    }

    /** {@code ports}: the host ports the attempt was given on its agent (none for most batch tasks). */
    @Schema(description = "One attempt of a run: one task on one agent (STAGING, RUNNING, FINISHED, FAILED, KILLED, "
                    + "LOST, ERROR).")
    public record AttemptView(long id, int number, AttemptState state, String agentId, String containerId,
                              Integer exitCode, String message, long stdoutBytes, long stderrBytes,
                              boolean logTruncated, Instant createdAt, Instant startedAt, Instant finishedAt,
                              List<Integer> ports) {
        private static final ObjectMapper JSON = new ObjectMapper();

        static AttemptView of(AttemptEntity a) {
            return new AttemptView(a.id, a.number, a.state(), a.agentId, a.containerId, a.exitCode, a.message,
                    a.stdoutBytes, a.stderrBytes, a.logTruncated, a.createdAt, a.startedAt, a.finishedAt, portsOf(a.task));
        }

        /** The ports recorded in the attempt's task; tasks staged before ports existed have none. */
        private static List<Integer> portsOf(String task) {
            if (task == null || !task.contains("\"ports\"")) {
                return List.of();
            }
            try {
                List<Integer> out = new ArrayList<>();
                JSON.readTree(task).path("ports").forEach(p -> out.add(p.asInt()));
                return out;
            } catch (JsonProcessingException e) {
                return List.of();
            }
        }
    }

    static RunView of(RunEntity r, List<AttemptView> attempts, Instant now) {
        Long duration = r.startedAt == null ? null
                : java.time.Duration.between(r.startedAt, r.finishedAt == null ? now : r.finishedAt).toMillis();
        return new RunView(r.id, r.jobName, r.trigger, r.scheduledAt, r.state(), r.reason, r.waitingFor, r.exitCode, r.agentId,
                r.containerId, r.attempts, r.failures, r.state() == RunState.PENDING ? r.notBefore : null, r.overdue, r.createdAt,
                r.startedAt, r.finishedAt, duration, attempts, null,
                r.params, r.extraArgs);
    }
}
