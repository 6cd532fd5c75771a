package io.kairos.run;

import io.kairos.task.TaskId;
import io.kairos.allocator.AgentId;
import io.kairos.job.JobDefinitions;
import io.kairos.job.JobEntity;
import io.kairos.job.RetryPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Instant;

/**
 * The one runner of run transitions: feeds an event to {@link RunLifecycle}, writes the facts it returns to the run
 * and its attempt, and carries out the effects. Callers hold the run's row lock (see {@link RunService#lockedRun});
 * the attempt is locked here, always after its run, so two paths never wait on each other in opposite order.
 */
@ApplicationScoped
public class RunTransitions {

    private final Clock clock;
    private final JobDefinitions definitions;
    private final RunMetrics metrics;
    private final Event<RunEvents.RunsQueued> queued;
    private final Event<RunEvents.KillRequested> kills;
    private final Event<RunEvents.RunEnded> ended;
    private final Event<TaskEvents.TaskEnded> freed;
    private final int maxLostAttempts;

    RunTransitions(Clock clock, JobDefinitions definitions, RunMetrics metrics, Event<RunEvents.RunsQueued> queued,
                   Event<RunEvents.KillRequested> kills, Event<RunEvents.RunEnded> ended, Event<TaskEvents.TaskEnded> freed,
                   @ConfigProperty(name = "kairos.run.max-lost-attempts", defaultValue = "3") int maxLostAttempts) {
        this.clock = clock;
        this.definitions = definitions;
        this.metrics = metrics;
        this.queued = queued;
        this.kills = kills;
        this.ended = ended;
        this.freed = freed;
        if (maxLostAttempts < 1) {
            throw new IllegalArgumentException("kairos.run.max-lost-attempts must be at least 1, got " + maxLostAttempts);
        }
        this.maxLostAttempts = maxLostAttempts;
    }

    /** What applying an event did: the step, and the run's newest attempt after it (null if it has none). */
    public record Applied(RunLifecycle.Step step, AttemptEntity attempt) {
        public boolean refused() {
            return step.refused() != null;
        }
    }

    /** Applies {@code event} to {@code run}, whose row the caller has locked in the current transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Applied apply(RunEntity run, RunEvent event) {
        Instant now = clock.instant();
        AttemptEntity attempt = run.attempts == 0 ? null : AttemptEntity.<AttemptEntity>find("runId = ?1 and number = ?2", run.id, run.attempts)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        RunFacts before = run.facts(attempt == null ? null : attempt.state());
        RunLifecycle.Step step = RunLifecycle.next(before, event, () -> limits(run), now);
        if (step.refused() != null || !step.changed() && step.effects().isEmpty()) {
            return new Applied(step, attempt);
        }
        run.absorb(step.after(), now);
        for (RunEffect effect : step.effects()) {
            if (effect instanceof RunEffect.NewAttempt n) {
                attempt = AttemptEntity.staged(run.id, n.attemptNumber(), n.agentId(), now);
                attempt.persist();
            }
        }
        if (attempt != null && step.before().attempts() == step.after().attempts() && step.after().attempt() != attempt.state()) {
            attempt.moveTo(step.after().attempt(), now);
            record(attempt, event);
        }
        for (RunEffect effect : step.effects()) {
            carryOut(effect, run, attempt);
        }
        return new Applied(step, attempt);
    }

    private void carryOut(RunEffect effect, RunEntity run, AttemptEntity current) {
        if (effect instanceof RunEffect.Queued) {
            queued.fire(new RunEvents.RunsQueued(1));
        } else if (effect instanceof RunEffect.Ended e) {
            metrics.ended(run);
            // in this transaction: dependents and notifications commit with the ending or not at all
            ended.fire(new RunEvents.RunEnded(run.id, run.jobId, e.state(), e.retriesExhausted()));
        } else if (effect instanceof RunEffect.KillTask k) {
            kills.fire(new RunEvents.KillRequested(new AgentId(k.agentId()), new TaskId(current.id)));
        } else if (effect instanceof RunEffect.FreeTask f) {
            long id = current != null && current.number == f.attemptNumber() ? current.id : attemptId(run.id, f.attemptNumber());
            freed.fire(new TaskEvents.TaskEnded(new TaskId(id)));
        }
    }

    /** What the event says about the attempt beyond its state. */
    private static void record(AttemptEntity a, RunEvent event) {
        if (event instanceof RunEvent.Started s) {
            a.containerId = s.containerId();
        } else if (event instanceof RunEvent.Finished f) {
            a.exitCode = f.outcome().exitCode();
            a.message = f.outcome().message();
        } else if (event instanceof RunEvent.Lost l) {
            a.message = l.message();
        }
    }

    private RunLifecycle.Limits limits(RunEntity run) {
        JobEntity job = JobEntity.findById(run.jobId);
        // a run outlives its job only on the way out (the delete kills it): no retries then
        RetryPolicy retries = job == null ? RetryPolicy.NONE : definitions.of(job).retries();
        return new RunLifecycle.Limits(retries, maxLostAttempts);
    }

    private static long attemptId(long runId, int number) {
        return AttemptEntity.getEntityManager()
                .createQuery("select a.id from AttemptEntity a where a.runId = ?1 and a.number = ?2", Long.class)
                .setParameter(1, runId).setParameter(2, number).getSingleResult();
    }
}
