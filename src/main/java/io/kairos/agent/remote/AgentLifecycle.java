package io.kairos.agent.remote;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.kairos.agent.remote.AgentLifecycle.Effect.ANNOUNCE;
import static io.kairos.agent.remote.AgentLifecycle.Effect.DISCONNECT;
import static io.kairos.agent.remote.AgentLifecycle.Effect.LOSE_TASKS;
import static io.kairos.agent.remote.AgentLifecycle.Effect.OFFER_RESOURCES;
import static io.kairos.agent.remote.AgentLifecycle.Effect.PERSIST;
import static io.kairos.agent.remote.AgentLifecycle.Effect.RECONCILE;
import static io.kairos.agent.remote.AgentLifecycle.Effect.RESCIND_OFFERS;
import static io.kairos.agent.remote.AgentState.ACTIVE;
import static io.kairos.agent.remote.AgentState.DRAINED;
import static io.kairos.agent.remote.AgentState.DRAINING;
import static io.kairos.agent.remote.AgentState.GONE;
import static io.kairos.agent.remote.AgentState.LOST;
import static io.kairos.agent.remote.AgentState.REGISTERED;

/**
 * The agent lifecycle as one table: {@code (state, event) -> (new state, effects)}. Pure: no I/O, no clock; the
 * effects are data that {@link AgentEffects} carries out in the order listed. A move the table does not list
 * throws {@link IllegalAgentTransitionException}.
 */
public final class AgentLifecycle {

    /** What happens to an agent. */
    public enum Event {
        /** A connection registered as this agent. */
        REGISTER,
        /** Its reported tasks were reconciled against the database (adopted or killed). */
        RECONCILED,
        /** Silent for longer than lost-after (or not back within it after this scheduler took the lead). */
        HEARTBEAT_LOST,
        /** An operator asked for no new tasks there. */
        DRAIN,
        UNDRAIN,
        /** The last task of a draining agent ended. */
        LAST_TASK_ENDED,
        /** An operator removed it, or it stayed lost past gone-after. */
        REMOVE
    }

    /** A consequence of a transition, carried out by the effect runner. */
    public enum Effect {
        /** Write the new state to the agent's row (version-checked). Always first: nothing else happens if it fails. */
        PERSIST,
        /** Put the connection in the pool with nothing offered, and reconcile its tasks with the database. */
        RECONCILE,
        /** Offer its free resources to frameworks. */
        OFFER_RESOURCES,
        /** Withdraw its outstanding offers and offer it nothing more. */
        RESCIND_OFFERS,
        /** Take it out of the pool: its active attempts become LOST and their runs follow their retry policy. */
        LOSE_TASKS,
        /** Close its connection, if any. */
        DISCONNECT,
        /** Say so: the log, and the agents' metrics. */
        ANNOUNCE
    }

    public record Transition(AgentState to, List<Effect> effects) {
        public Transition {
            effects = List.copyOf(effects);
        }
    }

    private static final Map<AgentState, Map<Event, Transition>> TABLE = new EnumMap<>(AgentState.class);

    static {
        // an agent never seen is GONE: registering is how it (re-)enters the pool
        on(GONE, Event.REGISTER, REGISTERED, PERSIST, RECONCILE);

        on(REGISTERED, Event.REGISTER, REGISTERED, PERSIST, RECONCILE);
        on(REGISTERED, Event.RECONCILED, ACTIVE, PERSIST, OFFER_RESOURCES, ANNOUNCE);
        on(REGISTERED, Event.HEARTBEAT_LOST, LOST, PERSIST, DISCONNECT, LOSE_TASKS, ANNOUNCE);
        on(REGISTERED, Event.DRAIN, DRAINING, PERSIST, RESCIND_OFFERS, ANNOUNCE);
        on(REGISTERED, Event.UNDRAIN, REGISTERED);

        on(ACTIVE, Event.REGISTER, REGISTERED, PERSIST, RECONCILE);
        on(ACTIVE, Event.HEARTBEAT_LOST, LOST, PERSIST, DISCONNECT, LOSE_TASKS, ANNOUNCE);
        on(ACTIVE, Event.DRAIN, DRAINING, PERSIST, RESCIND_OFFERS, ANNOUNCE);
        on(ACTIVE, Event.UNDRAIN, ACTIVE);

        // a drain outlives reconnects: the agent rejoins with nothing offered
        on(DRAINING, Event.REGISTER, DRAINING, PERSIST, RECONCILE);
        on(DRAINING, Event.HEARTBEAT_LOST, LOST, PERSIST, DISCONNECT, LOSE_TASKS, ANNOUNCE);
        on(DRAINING, Event.DRAIN, DRAINING);
        on(DRAINING, Event.UNDRAIN, ACTIVE, PERSIST, OFFER_RESOURCES, ANNOUNCE);
        on(DRAINING, Event.LAST_TASK_ENDED, DRAINED, PERSIST, ANNOUNCE);

        on(DRAINED, Event.REGISTER, DRAINED, PERSIST, RECONCILE);
        // drained is what an operator wants before stopping a host: going silent then loses nothing and changes no state
        on(DRAINED, Event.HEARTBEAT_LOST, DRAINED, DISCONNECT, LOSE_TASKS);
        on(DRAINED, Event.DRAIN, DRAINED);
        on(DRAINED, Event.UNDRAIN, ACTIVE, PERSIST, OFFER_RESOURCES, ANNOUNCE);
        on(DRAINED, Event.REMOVE, GONE, PERSIST, DISCONNECT, LOSE_TASKS, ANNOUNCE);

        on(LOST, Event.REGISTER, REGISTERED, PERSIST, RECONCILE);
        // drained ahead of its return: it rejoins with nothing offered
        on(LOST, Event.DRAIN, DRAINED, PERSIST, ANNOUNCE);
        on(LOST, Event.REMOVE, GONE, PERSIST, ANNOUNCE);
    }

    private AgentLifecycle() {
    }

    private static void on(AgentState from, Event event, AgentState to, Effect... effects) {
        TABLE.computeIfAbsent(from, s -> new EnumMap<>(Event.class)).put(event, new Transition(to, List.of(effects)));
    }

    /** The transition of {@code event} in {@code from}; throws for a move the lifecycle does not allow. */
    public static Transition next(AgentState from, Event event) {
        return allowed(from, event).orElseThrow(() -> new IllegalAgentTransitionException(from, event));
    }

    public static Optional<Transition> allowed(AgentState from, Event event) {
        return Optional.ofNullable(TABLE.getOrDefault(from, Map.of()).get(event));
    }
}
