package io.kairos.service;

import io.kairos.task.TaskOutcome;

import java.time.Instant;
import java.util.List;

/**
 * The lifecycle of one instance as a function, {@code (facts, event) -> (facts after, effects)}, with no I/O:
 * {@link InstanceEvents} persists the result and carries out the effects. Reports that change nothing (a re-sent
 * update, a report on an ended instance) are no-ops, so every event is safe to apply twice.
 */
public final class InstanceLifecycle {

    private InstanceLifecycle() {
    }

    /** What the lifecycle needs to know of an instance. {@code stopReason}: why Kairos asked it to stop, if it did. */
    public record Facts(InstanceState state, Health health, String healthMessage, Instant startedAt, String stopReason,
                        String message, Integer exitCode) {

        Facts with(InstanceState s) {
            return new Facts(s, health, healthMessage, startedAt, stopReason, message, exitCode);
        }
    }

    /** What the agent's checks last said; {@code UNKNOWN} until they said anything, or for a service without checks. */
    public enum Health { UNKNOWN, HEALTHY, UNHEALTHY }

    public sealed interface Event {
    }

    public record Started(Instant at) implements Event {
    }

    public record HealthChanged(boolean healthy, String message) implements Event {
    }

    public record Finished(TaskOutcome outcome, Instant at) implements Event {
    }

    public record Lost(String reason) implements Event {
    }

    /** Kairos wants the instance gone (scaled down, replaced, deleted). */
    public record Stop(String reason) implements Event {
    }

    public enum Effect {
        /** Send the kill to the instance's agent. */
        SEND_KILL,
        /** The instance ended: what it held on its agent is free. */
        RELEASE,
        /** It ended by a fault of its own (exit, failed check, failed start): the service's next launch backs off. */
        COUNT_FAILURE,
        /** It passed its health checks: the service's crash-loop back-off starts over. */
        RESET_BACKOFF
    }

    public record Step(Facts before, Facts after, List<Effect> effects) {
        public Step {
            effects = List.copyOf(effects);
        }

        public boolean changed() {
            return !before.equals(after);
        }
    }

    public static Step next(Facts f, Event e) {
        if (f.state().isTerminal()) {
            return new Step(f, f, List.of());
        }
        if (e instanceof Started s) {
            if (f.state() != InstanceState.STAGING) {
                return new Step(f, f, List.of());
            }
            return new Step(f, new Facts(InstanceState.RUNNING, f.health(), f.healthMessage(), s.at(), f.stopReason(), f.message(),
                    f.exitCode()), List.of());
        }
        if (e instanceof HealthChanged h) {
            Health health = h.healthy() ? Health.HEALTHY : Health.UNHEALTHY;
            Facts after = new Facts(f.state(), health, h.message(), f.startedAt(), f.stopReason(), f.message(), f.exitCode());
            return new Step(f, after, h.healthy() && f.health() != Health.HEALTHY ? List.of(Effect.RESET_BACKOFF) : List.of());
        }
        if (e instanceof Stop s) {
            if (f.state() == InstanceState.KILLING) {
                return new Step(f, f, List.of());
            }
            return new Step(f, new Facts(InstanceState.KILLING, f.health(), f.healthMessage(), f.startedAt(), s.reason(), f.message(),
                    f.exitCode()), List.of(Effect.SEND_KILL));
        }
        if (e instanceof Lost l) {
            return new Step(f, new Facts(InstanceState.LOST, f.health(), f.healthMessage(), f.startedAt(), f.stopReason(), l.reason(),
                    null), List.of(Effect.RELEASE));
        }
        Finished end = (Finished) e;
        TaskOutcome o = end.outcome();
        InstanceState to = switch (o.kind()) {
            case EXITED -> o.exitCode() == 0 ? InstanceState.FINISHED : InstanceState.FAILED;
            case KILLED -> InstanceState.KILLED;
            case FAILED_TO_START -> InstanceState.FAILED;
            case NOT_LAUNCHED -> InstanceState.LOST;
        };
        String message = o.message() != null ? o.message() : o.kind() == TaskOutcome.Kind.EXITED ? "exited with " + o.exitCode() : null;
        Facts after = new Facts(to, f.health(), f.healthMessage(), f.startedAt(), f.stopReason(), message, o.exitCode());
        // an instance Kairos stopped, or one whose agent could not start it, did nothing wrong; any other end is a crash
        boolean fault = f.state() != InstanceState.KILLING && to != InstanceState.LOST;
        return new Step(f, after, fault ? List.of(Effect.RELEASE, Effect.COUNT_FAILURE) : List.of(Effect.RELEASE));
    }
}
