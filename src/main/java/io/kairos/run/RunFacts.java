package io.kairos.run;

import java.time.Instant;

/**
 * What {@link RunLifecycle} decides on: a run and its newest attempt, as values. {@code attempt} is null before the
 * first attempt; {@code attempts} counts attempts made, {@code failures} the failed ones (counted against the retry
 * policy) and {@code lostAttempts} those whose agent lost them (bounded by {@code maxLostAttempts}).
 */
public record RunFacts(RunState state, KillCause killCause, int failures, int lostAttempts, int attempts,
                       AttemptState attempt, String agentId, String reason, Integer exitCode, Instant notBefore,
                       String containerId) {

    public static RunFacts queued(String reason) {
        return new RunFacts(RunState.PENDING, null, 0, 0, 0, null, null, reason, null, null, null);
    }

    RunFacts with(RunState s) {
        return new RunFacts(s, killCause, failures, lostAttempts, attempts, attempt, agentId, reason, exitCode, notBefore, containerId);
    }

    RunFacts withAttempt(AttemptState a) {
        return new RunFacts(state, killCause, failures, lostAttempts, attempts, a, agentId, reason, exitCode, notBefore, containerId);
    }

    RunFacts withReason(String why) {
        return new RunFacts(state, killCause, failures, lostAttempts, attempts, attempt, agentId, why, exitCode, notBefore, containerId);
    }

    RunFacts withKill(KillCause cause, String why) {
        return new RunFacts(state, cause, failures, lostAttempts, attempts, attempt, agentId, why, exitCode, notBefore, containerId);
    }

    RunFacts staged(String agent) {
        return new RunFacts(RunState.STAGING, killCause, failures, lostAttempts, attempts + 1, AttemptState.STAGING, agent, reason,
                exitCode, null, containerId);
    }

    RunFacts started(String container) {
        return new RunFacts(state == RunState.STAGING ? RunState.RUNNING : state, killCause, failures, lostAttempts, attempts,
                AttemptState.RUNNING, agentId, reason, exitCode, notBefore, container);
    }

    RunFacts ended(RunState s, AttemptState a, String why, Integer exit, int failed, int lost, Instant retryAt) {
        // a retry starts afresh: the kill that ended this attempt (a timeout) is not the next one's
        KillCause cause = s == RunState.PENDING ? null : killCause;
        return new RunFacts(s, cause, failed, lost, attempts, a, agentId, why == null ? reason : why, exit, retryAt, containerId);
    }
}
