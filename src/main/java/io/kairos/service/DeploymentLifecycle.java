package io.kairos.service;

import io.kairos.service.DeploymentEntity.Kind;
import io.kairos.service.DeploymentEntity.State;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lifecycle of one deployment as a function, {@code (kind, state, event) -> (state after, detail, effects)}, with no
 * I/O: {@link Deployments} writes the result and carries out the effects. A deployment starts RUNNING and ends once:
 * SUCCEEDED when its service is as it says, SUPERSEDED by a newer change, or CANCELLED (rolled back or not); an ended
 * one stays as it ended. Every other move is refused, never silently ignored: unlike an agent's re-sent report, each
 * event here comes from Kairos itself or from a request to answer.
 */
public final class DeploymentLifecycle {

    private DeploymentLifecycle() {
    }

    public sealed interface Event {
    }

    /** The deployment is written, running. Its only legal state before is none ({@code null}). */
    public record Started() implements Event {
    }

    /** A newer change of the service, of kind {@code by}, takes over. */
    public record SupersededBy(Kind by) implements Event {
    }

    /**
     * Cancelled through the API. With {@code rollback} the service goes back to how it was before the change (a
     * cancelled creation deletes it); without, the deployment only stops being tracked and the service stays as asked.
     */
    public record Cancelled(boolean rollback) implements Event {
    }

    /** The service is as the deployment says (for a deletion: nothing of it runs any more). */
    public record Completed() implements Event {
    }

    /** What the runner does, in this order. */
    public enum Effect {
        /** A new deployment: write its row, started now. */
        INSERT,
        /** It ended: stamp its end now. */
        STAMP_FINISHED,
        /** Tell whoever follows the services ({@link Deployments.DeploymentChanged}, observed after the commit). */
        ANNOUNCE,
        /** Put the service back to the kept configuration and instance count from before the change: a ROLLBACK deployment. */
        ROLL_BACK,
        /** The cancelled change created the service: delete it again (a DELETE deployment). */
        DELETE_SERVICE
    }

    /** Why a move is refused. */
    public enum Refusal {
        /** The event does not apply to a deployment in that state (the table has no such move). */
        NOT_LEGAL,
        /** A deletion cannot be cancelled, rolled back or not: its instances may already be gone. */
        DELETION_IS_FINAL
    }

    /**
     * The result of one event: {@code before} ({@code null}: not started) to {@code after}, the {@code detail} the
     * deployment then says (null: it keeps its own), and the effects; or {@code refused}, and nothing changes.
     */
    public record Step(State before, State after, String detail, List<Effect> effects, Refusal refused) {
        public Step {
            effects = List.copyOf(effects);
        }

        public boolean legal() {
            return refused == null;
        }
    }

    private record Move(State from, Class<? extends Event> event) {
    }

    /** The legal moves, from a state ({@code null}: not started) on an event, to the state after. */
    private static final Map<Move, State> LEGAL = Map.of(
            new Move(null, Started.class), State.RUNNING,
            new Move(State.RUNNING, SupersededBy.class), State.SUPERSEDED,
            new Move(State.RUNNING, Cancelled.class), State.CANCELLED,
            new Move(State.RUNNING, Completed.class), State.SUCCEEDED);

    /** What {@code event} does to a deployment of {@code kind} in state {@code from} ({@code null}: not started yet). */
    public static Step next(Kind kind, State from, Event event) {
        State to = LEGAL.get(new Move(from, event.getClass()));
        if (to == null) {
            return refused(from, Refusal.NOT_LEGAL);
        }
        if (event instanceof Started) {
            return new Step(from, to, null, List.of(Effect.INSERT, Effect.ANNOUNCE), null);
        }
        if (event instanceof SupersededBy s) {
            return ended(from, to, "superseded by a " + s.by().name().toLowerCase(Locale.ROOT), List.of());
        }
        if (event instanceof Cancelled c) {
            if (kind == Kind.DELETE) {
                return refused(from, Refusal.DELETION_IS_FINAL);
            }
            if (!c.rollback()) {
                return ended(from, to, "cancelled without rollback", List.of());
            }
            Effect back = kind == Kind.CREATE ? Effect.DELETE_SERVICE : Effect.ROLL_BACK;
            return ended(from, to, "cancelled and rolled back", List.of(back));
        }
        return ended(from, to, null, List.of());
    }

    private static Step ended(State from, State to, String detail, List<Effect> then) {
        List<Effect> effects = new java.util.ArrayList<>(List.of(Effect.STAMP_FINISHED, Effect.ANNOUNCE));
        effects.addAll(then);
        return new Step(from, to, detail, effects, null);
    }

    private static Step refused(State from, Refusal why) {
        return new Step(from, from, null, List.of(), why);
    }
}
