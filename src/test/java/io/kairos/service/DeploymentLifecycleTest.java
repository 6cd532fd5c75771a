package io.kairos.service;

import io.kairos.service.DeploymentEntity.Kind;
import io.kairos.service.DeploymentEntity.State;
import io.kairos.service.DeploymentLifecycle.Effect;
import io.kairos.service.DeploymentLifecycle.Step;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind × state × event of a deployment against the table written out by hand. */
class DeploymentLifecycleTest {

    private static Map<String, DeploymentLifecycle.Event> events() {
        Map<String, DeploymentLifecycle.Event> e = new LinkedHashMap<>();
        e.put("started", new DeploymentLifecycle.Started());
        e.put("superseded", new DeploymentLifecycle.SupersededBy(Kind.UPGRADE));
        e.put("cancelled", new DeploymentLifecycle.Cancelled(true));
        e.put("cancelledForced", new DeploymentLifecycle.Cancelled(false));
        e.put("completed", new DeploymentLifecycle.Completed());
        return e;
    }

    /**
     * "[kind] from event" to "state after, effects..." or "refused why". A kind's row wins over the row for any kind;
     * a pair in neither is refused as NOT_LEGAL. "new" is a deployment not started yet.
     */
    private static final Map<String, String> EXPECTED = Map.ofEntries(
            Map.entry("new started", "RUNNING INSERT ANNOUNCE"),
            Map.entry("RUNNING superseded", "SUPERSEDED STAMP_FINISHED ANNOUNCE"),
            Map.entry("RUNNING cancelled", "CANCELLED STAMP_FINISHED ANNOUNCE ROLL_BACK"),
            Map.entry("RUNNING cancelledForced", "CANCELLED STAMP_FINISHED ANNOUNCE"),
            Map.entry("RUNNING completed", "SUCCEEDED STAMP_FINISHED ANNOUNCE"),
            // a cancelled creation is rolled back by deleting the service again
            Map.entry("CREATE RUNNING cancelled", "CANCELLED STAMP_FINISHED ANNOUNCE DELETE_SERVICE"),
            // a deletion cannot be cancelled at all
            Map.entry("DELETE RUNNING cancelled", "refused DELETION_IS_FINAL"),
            Map.entry("DELETE RUNNING cancelledForced", "refused DELETION_IS_FINAL"));

    @Test
    void every_kind_state_and_event_gives_the_state_and_effects_of_the_table_and_anything_else_is_refused() {
        List<State> from = new ArrayList<>();
        from.add(null);
        from.addAll(Arrays.asList(State.values()));
        int legal = 0;
        for (Kind kind : Kind.values()) {
            for (State s : from) {
                String name = s == null ? "new" : s.name();
                for (Map.Entry<String, DeploymentLifecycle.Event> e : events().entrySet()) {
                    String key = name + " " + e.getKey();
                    String want = EXPECTED.getOrDefault(kind + " " + key, EXPECTED.getOrDefault(key, "refused NOT_LEGAL"));
                    Step step = DeploymentLifecycle.next(kind, s, e.getValue());
                    String got = step.legal()
                            ? step.after() + step.effects().stream().map(x -> " " + x).reduce("", String::concat)
                            : "refused " + step.refused();
                    assertEquals(want, got, kind + " " + key);
                    assertEquals(s, step.before(), kind + " " + key);
                    if (step.legal()) {
                        legal++;
                    } else {
                        assertEquals(s, step.after(), "a refused move changes nothing: " + kind + " " + key);
                        assertEquals(List.of(), step.effects(), "a refused move has no effects: " + kind + " " + key);
                    }
                }
            }
        }
        assertEquals(Kind.values().length * 5 - 2, legal, "each kind starts and ends in four ways, a deletion in two fewer");
    }

    @Test
    void an_ended_deployment_says_how_it_ended_and_a_completed_one_keeps_its_own_detail() {
        assertEquals("superseded by a restart",
                DeploymentLifecycle.next(Kind.SCALE, State.RUNNING, new DeploymentLifecycle.SupersededBy(Kind.RESTART)).detail());
        assertEquals("cancelled and rolled back",
                DeploymentLifecycle.next(Kind.UPGRADE, State.RUNNING, new DeploymentLifecycle.Cancelled(true)).detail());
        assertEquals("cancelled without rollback",
                DeploymentLifecycle.next(Kind.UPGRADE, State.RUNNING, new DeploymentLifecycle.Cancelled(false)).detail());
        assertNull(DeploymentLifecycle.next(Kind.DELETE, State.RUNNING, new DeploymentLifecycle.Completed()).detail());
        assertNull(DeploymentLifecycle.next(Kind.CREATE, null, new DeploymentLifecycle.Started()).detail());
    }

    @Test
    void an_ended_deployment_stays_as_it_ended() {
        for (State ended : List.of(State.SUCCEEDED, State.SUPERSEDED, State.CANCELLED)) {
            for (DeploymentLifecycle.Event e : events().values()) {
                Step step = DeploymentLifecycle.next(Kind.UPGRADE, ended, e);
                assertFalse(step.legal(), ended + " + " + e);
                assertEquals(ended, step.after());
            }
        }
        assertTrue(DeploymentLifecycle.next(Kind.UPGRADE, State.RUNNING, new DeploymentLifecycle.Completed()).effects()
                .contains(Effect.STAMP_FINISHED));
    }
}
