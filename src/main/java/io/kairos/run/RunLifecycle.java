package io.kairos.run;

import io.kairos.task.TaskOutcome;
import io.kairos.job.RetryPolicy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The lifecycle of a run and its attempts as one function, in the manner of Aurora's TaskStateMachine:
 * {@code (facts, event) -> (facts after, effects)}. It does no I/O; {@link RunTransitions} persists the result and
 * carries out the effects. The legal moves themselves stay in {@link RunState} and {@link AttemptState}, checked on
 * every change. Reports that change nothing (a re-sent status, a report for an older attempt) are no-ops, so every
 * event is safe to apply twice.
 */
public final class RunLifecycle {

    private RunLifecycle() {
    }

    /**
     * What bounds a run: its job's retry policy (failed and timed-out attempts) and how many attempts may be lost with
     * their agents before the run fails ({@code kairos.run.max-lost-attempts}, at least 1).
     */
    public record Limits(RetryPolicy retries, int maxLostAttempts) {
        public Limits {
            Objects.requireNonNull(retries, "retries");
            if (maxLostAttempts < 1) {
                throw new IllegalArgumentException("maxLostAttempts must be at least 1, got " + maxLostAttempts);
            }
        }
    }

    /**
     * The outcome of one event: {@code after} and its {@code effects}; {@code refused} says why the event does not
     * apply to a run in this state (an API caller answers it as a conflict), null when it applied or changed nothing.
     */
    public record Step(RunFacts before, RunFacts after, List<RunEffect> effects, String refused) {
        public Step {
            effects = List.copyOf(effects);
        }

        public boolean changed() {
            return !before.equals(after);
        }

        static Step none(RunFacts f) {
            return new Step(f, f, List.of(), null);
        }

        static Step refuse(RunFacts f, String why) {
            return new Step(f, f, List.of(), why);
        }
    }

    public static Step next(RunFacts f, RunEvent event, Limits limits, Instant now) {
        return next(f, event, () -> limits, now);
    }

    /**
     * As {@link #next(RunFacts, RunEvent, Limits, Instant)}, asking for the limits only when the event needs them (an
     * attempt's end or loss): placement and start reports, the launch path, read no job definition.
     */
    public static Step next(RunFacts f, RunEvent event, java.util.function.Supplier<Limits> limits, Instant now) {
        // Java 17: no pattern switch yet
        Step step;
        if (event instanceof RunEvent.Stage s) {
            step = stage(f, s);
        } else if (event instanceof RunEvent.Started s) {
            step = started(f, s);
        } else if (event instanceof RunEvent.Finished e) {
            step = finished(f, e, limits, now);
        } else if (event instanceof RunEvent.Lost l) {
            step = lost(f, l, limits, now);
        } else if (event instanceof RunEvent.Kill k) {
            step = kill(f, k);
        } else if (event instanceof RunEvent.Skip s) {
            step = f.state() == RunState.PENDING
                    ? end(f, f.with(RunState.SKIPPED).withReason(s.reason()), List.of(), false) : Step.none(f);
        } else {
            step = markSuccess(f, (RunEvent.MarkSuccess) event);
        }
        check(step);
        return step;
    }

    private static Step stage(RunFacts f, RunEvent.Stage s) {
        if (f.state() != RunState.PENDING) {
            return Step.none(f);
        }
        RunFacts after = f.staged(s.agentId());
        return new Step(f, after, List.of(new RunEffect.NewAttempt(after.attempts(), s.agentId())), null);
    }

    private static Step started(RunFacts f, RunEvent.Started s) {
        if (!isCurrent(f, s.attemptNumber()) || f.attempt() == AttemptState.RUNNING) {
            return Step.none(f);
        }
        return new Step(f, f.started(s.containerId()), List.of(), null);
    }

    private static Step finished(RunFacts f, RunEvent.Finished e, java.util.function.Supplier<Limits> limitsOf, Instant now) {
        RunEffect free = new RunEffect.FreeTask(e.attemptNumber());
        if (!isCurrent(f, e.attemptNumber())) {
            // already recorded (a re-sent report) or an older attempt: what the task held is free all the same
            return new Step(f, f, List.of(free), null);
        }
        if (e.outcome().kind() == TaskOutcome.Kind.NOT_LAUNCHED) {
            // the agent could not give what it offered: nothing ran, as when a task is lost with its agent
            return lost(f, new RunEvent.Lost(e.attemptNumber(), e.outcome().message(), "not launched: " + e.outcome().message()),
                    limitsOf, now);
        }
        if (f.killCause() == KillCause.PREEMPTED) {
            return preempted(f, AttemptState.PREEMPTED, free);
        }
        Limits limits = limitsOf.get();
        AttemptEnd end = AttemptEnd.of(e.outcome(), f.killCause(), f.failures(), limits.retries(), now);
        RunFacts after = f.ended(end.run(), end.attempt(), end.reason(), e.outcome().exitCode(), end.failures(),
                f.lostAttempts(), end.retryAt());
        return end.run() == RunState.PENDING ? requeue(f, after, free) : end(f, after, List.of(free), end.retriesExhausted(limits.retries()));
    }

    /**
     * A lost attempt: a run being killed ends as the kill meant (a timeout is a timeout, retried by the policy); any
     * other is queued again without counting a failure (the agent failed, not the job) until
     * {@code maxLostAttempts} attempts were lost, and then fails.
     */
    private static Step lost(RunFacts f, RunEvent.Lost l, java.util.function.Supplier<Limits> limitsOf, Instant now) {
        if (!isCurrent(f, l.attemptNumber())) {
            return Step.none(f);
        }
        Limits limits = limitsOf.get();
        RunEffect free = new RunEffect.FreeTask(l.attemptNumber());
        String was = "attempt " + l.attemptNumber() + " was lost (" + l.cause() + ")";
        if (f.killCause() == KillCause.TIMEOUT) {
            AttemptEnd end = AttemptEnd.of(TaskOutcome.killed(was), KillCause.TIMEOUT, f.failures(), limits.retries(), now);
            RunFacts after = f.ended(end.run(), AttemptState.LOST, end.reason(), null, end.failures(), f.lostAttempts(), end.retryAt());
            return end.run() == RunState.PENDING ? requeue(f, after, free) : end(f, after, List.of(free), end.retriesExhausted(limits.retries()));
        }
        if (f.killCause() == KillCause.PREEMPTED) {
            return preempted(f, AttemptState.LOST, free);
        }
        if (f.killCause() != null) {
            return end(f, f.ended(RunState.KILLED, AttemptState.LOST, null, null, f.failures(), f.lostAttempts(), null), List.of(free), false);
        }
        int lost = f.lostAttempts() + 1;
        if (lost >= limits.maxLostAttempts()) {
            String why = was + "; attempts lost " + lost + " times (kairos.run.max-lost-attempts=" + limits.maxLostAttempts() + ")";
            return end(f, f.ended(RunState.FAILED, AttemptState.LOST, why, null, f.failures(), lost, null), List.of(free), false);
        }
        return requeue(f, f.ended(RunState.PENDING, AttemptState.LOST, was + "; queued again", null, f.failures(), lost, null), free);
    }

    /** A preempted attempt ended: the run waits in the queue again, its failures and lost attempts as they were. */
    private static Step preempted(RunFacts f, AttemptState attempt, RunEffect free) {
        String why = "attempt " + f.attempts() + " preempted (" + f.reason() + "); queued again";
        return requeue(f, f.ended(RunState.PENDING, attempt, why, null, f.failures(), f.lostAttempts(), null), free);
    }

    private static Step kill(RunFacts f, RunEvent.Kill k) {
        if (f.state().isTerminal()) {
            return Step.refuse(f, "already ended " + f.state());
        }
        if (k.cause() == KillCause.PREEMPTED && (f.state() == RunState.PENDING || f.killCause() != null)) {
            // only a task that runs holds anything to give back; a run already being stopped keeps its first reason
            return Step.none(f);
        }
        if (k.cause() != KillCause.USER && f.killCause() != null) {
            return Step.none(f);
        }
        if (f.state() == RunState.PENDING) {
            return end(f, f.withKill(k.cause(), k.reason()).with(RunState.KILLED), List.of(), false);
        }
        return new Step(f, f.withKill(k.cause(), k.reason()), List.of(new RunEffect.KillTask(f.attempts(), f.agentId())), null);
    }

    private static Step markSuccess(RunFacts f, RunEvent.MarkSuccess m) {
        if (!f.state().isTerminal() || !f.state().canMoveTo(RunState.SUCCEEDED)) {
            return Step.refuse(f, "is " + f.state() + "; only a FAILED, TIMED_OUT or KILLED run can be marked SUCCEEDED");
        }
        String was = f.state() + (f.reason() == null ? "" : ": " + f.reason());
        String why = "marked SUCCEEDED by " + m.by() + (m.why() == null ? "" : " (" + m.why() + ")") + "; was " + was;
        return end(f, f.with(RunState.SUCCEEDED).withReason(why), List.of(), false);
    }

    private static boolean isCurrent(RunFacts f, int attemptNumber) {
        return attemptNumber == f.attempts() && f.attempt() != null && !f.attempt().isTerminal();
    }

    private static Step requeue(RunFacts before, RunFacts after, RunEffect free) {
        return new Step(before, after, List.of(free, new RunEffect.Queued()), null);
    }

    private static Step end(RunFacts before, RunFacts after, List<RunEffect> first, boolean retriesExhausted) {
        List<RunEffect> effects = new java.util.ArrayList<>(first);
        effects.add(new RunEffect.Ended(after.state(), retriesExhausted));
        return new Step(before, after, effects, null);
    }

    /** Every move the function makes is one the tables allow: a mistake here is a bug, surfaced loudly. */
    private static void check(Step s) {
        if (s.before().state() != s.after().state()) {
            RunState.check(s.before().state(), s.after().state());
        }
        AttemptState from = s.before().attempts() == s.after().attempts() ? s.before().attempt() : AttemptState.STAGING;
        if (from != null && s.after().attempt() != null && from != s.after().attempt()) {
            AttemptState.check(from, s.after().attempt());
        }
    }
}
