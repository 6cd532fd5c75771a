package io.kairos.agent.remote;

import io.kairos.agent.remote.AgentLifecycle.Effect;
import io.kairos.agent.remote.AgentLifecycle.Event;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Walks every state × event against the documented table (the README's): each legal move's target and effects, every other one refused. */
class AgentLifecycleTest {

    /** state, event -> new state: effects. Exactly the README table; any pair missing here must be refused. */
    private static final String DOCUMENTED = """
            GONE REGISTER -> REGISTERED: PERSIST RECONCILE
            REGISTERED REGISTER -> REGISTERED: PERSIST RECONCILE
            REGISTERED RECONCILED -> ACTIVE: PERSIST OFFER_RESOURCES ANNOUNCE
            REGISTERED HEARTBEAT_LOST -> LOST: PERSIST DISCONNECT LOSE_TASKS ANNOUNCE
            REGISTERED DRAIN -> DRAINING: PERSIST RESCIND_OFFERS ANNOUNCE
            REGISTERED UNDRAIN -> REGISTERED:
            ACTIVE REGISTER -> REGISTERED: PERSIST RECONCILE
            ACTIVE HEARTBEAT_LOST -> LOST: PERSIST DISCONNECT LOSE_TASKS ANNOUNCE
            ACTIVE DRAIN -> DRAINING: PERSIST RESCIND_OFFERS ANNOUNCE
            ACTIVE UNDRAIN -> ACTIVE:
            DRAINING REGISTER -> DRAINING: PERSIST RECONCILE
            DRAINING HEARTBEAT_LOST -> LOST: PERSIST DISCONNECT LOSE_TASKS ANNOUNCE
            DRAINING DRAIN -> DRAINING:
            DRAINING UNDRAIN -> ACTIVE: PERSIST OFFER_RESOURCES ANNOUNCE
            DRAINING LAST_TASK_ENDED -> DRAINED: PERSIST ANNOUNCE
            DRAINED REGISTER -> DRAINED: PERSIST RECONCILE
            DRAINED HEARTBEAT_LOST -> DRAINED: DISCONNECT LOSE_TASKS
            DRAINED DRAIN -> DRAINED:
            DRAINED UNDRAIN -> ACTIVE: PERSIST OFFER_RESOURCES ANNOUNCE
            DRAINED REMOVE -> GONE: PERSIST DISCONNECT LOSE_TASKS ANNOUNCE
            LOST REGISTER -> REGISTERED: PERSIST RECONCILE
            LOST DRAIN -> DRAINED: PERSIST ANNOUNCE
            LOST REMOVE -> GONE: PERSIST ANNOUNCE
            """;

    private record Expected(AgentState to, List<Effect> effects) {
    }

    private static Map<String, Expected> documented() {
        Map<String, Expected> out = new HashMap<>();
        for (String line : DOCUMENTED.strip().split("\n")) {
            String[] sides = line.split("->");
            String[] from = sides[0].trim().split(" ");
            String[] to = sides[1].split(":", -1);
            List<Effect> effects = Arrays.stream(to[1].trim().split(" ")).filter(s -> !s.isEmpty()).map(Effect::valueOf).toList();
            out.put(from[0] + " " + from[1], new Expected(AgentState.valueOf(to[0].trim()), effects));
        }
        return out;
    }

    @Test
    void every_state_and_event_either_moves_with_the_documented_effects_or_is_refused() {
        Map<String, Expected> table = documented();
        int legal = 0;
        for (AgentState s : AgentState.values()) {
            for (Event e : Event.values()) {
                Expected want = table.get(s + " " + e);
                if (want == null) {
                    IllegalAgentTransitionException x = assertThrows(IllegalAgentTransitionException.class,
                            () -> AgentLifecycle.next(s, e), s + " " + e + " must be refused");
                    assertEquals(s, x.from());
                    assertEquals(e, x.event());
                } else {
                    AgentLifecycle.Transition t = AgentLifecycle.next(s, e);
                    assertEquals(want.to(), t.to(), s + " " + e);
                    assertEquals(want.effects(), t.effects(), s + " " + e);
                    legal++;
                }
            }
        }
        assertEquals(table.size(), legal, "every documented move exists");
    }

    @Test
    void a_transition_that_changes_the_state_persists_it_first_and_one_that_does_not_writes_nothing() {
        for (AgentState s : AgentState.values()) {
            for (Event e : Event.values()) {
                AgentLifecycle.allowed(s, e).ifPresent(t -> {
                    if (t.to() != s) {
                        assertEquals(Effect.PERSIST, t.effects().get(0), s + " " + e + " changes the state: the row is written first");
                    }
                    assertTrue(!t.effects().contains(Effect.PERSIST) || t.effects().indexOf(Effect.PERSIST) == 0, s + " " + e);
                });
            }
        }
    }

    @Test
    void a_drain_outlives_every_reconnect_and_only_an_undrain_offers_resources_again() {
        for (AgentState s : List.of(AgentState.DRAINING, AgentState.DRAINED)) {
            AgentLifecycle.Transition t = AgentLifecycle.next(s, Event.REGISTER);
            assertEquals(s, t.to());
            assertTrue(!t.effects().contains(Effect.OFFER_RESOURCES));
        }
        assertEquals(AgentState.DRAINED, AgentLifecycle.next(AgentState.LOST, Event.DRAIN).to());
        assertEquals(AgentState.REGISTERED, AgentLifecycle.next(AgentState.LOST, Event.REGISTER).to(), "lost until it registers");
    }

    @Test
    void only_a_drained_or_lost_agent_may_be_removed_so_no_running_task_is_dropped_by_a_click() {
        for (AgentState s : List.of(AgentState.REGISTERED, AgentState.ACTIVE, AgentState.DRAINING)) {
            assertTrue(AgentLifecycle.allowed(s, Event.REMOVE).isEmpty(), s.name());
        }
    }
}
