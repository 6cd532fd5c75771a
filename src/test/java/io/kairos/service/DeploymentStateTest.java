package io.kairos.service;

import io.kairos.service.DeploymentEntity.State;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every from × to pair of a deployment's states against the table written out by hand. */
class DeploymentStateTest {

    private static final Map<State, Set<State>> LEGAL = Map.of(
            State.RUNNING, EnumSet.of(State.SUCCEEDED, State.SUPERSEDED, State.CANCELLED));

    @Test
    void a_deployment_only_ends_and_an_ended_one_stays_as_it_ended() {
        for (State from : State.values()) {
            for (State to : State.values()) {
                assertEquals(LEGAL.getOrDefault(from, Set.of()).contains(to), from.canMoveTo(to), from + " -> " + to);
            }
        }
    }
}
