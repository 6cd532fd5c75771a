package io.kairos.task;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskSpecTest {

    private static final TaskId TASK = new TaskId(1);

    @Test
    void command_and_args_together_are_rejected() {
        assertThrows(IllegalArgumentException.class, () -> new TaskSpec(TASK, 1, "job", Optional.empty(), false,
                "echo hi", List.of("echo", "hi"), Map.of(), 0, 0, 0, List.of(), false));
    }

    @Test
    void neither_command_nor_args_means_the_image_default() {
        TaskSpec spec = new TaskSpec(TASK, 1, "job", Optional.of("local/busybox:latest"), false,
                null, null, null, 0, 0, 0, null, false);

        assertNull(spec.command());
        assertNull(spec.args());
        assertEquals(Map.of(), spec.env());
    }

    @Test
    void negative_limits_are_rejected() {
        assertThrows(IllegalArgumentException.class, () -> new TaskSpec(TASK, 1, "job", Optional.empty(), false,
                "true", null, Map.of(), -1, 0, 0, List.of(), false));
    }

    @Test
    void outcome_carries_an_exit_code_only_when_exited() {
        assertEquals(3, TaskOutcome.exited(3).exitCode());
        assertNull(TaskOutcome.killed("stop").exitCode());
        assertThrows(IllegalArgumentException.class, () -> new TaskOutcome(TaskOutcome.Kind.KILLED, 137, "x"));
    }
}
