package io.kairos.agent;

import io.kairos.task.TaskSpec;
import io.kairos.task.TaskOutcome;

import static io.kairos.agent.TaskSpecBuilder.aContainerTask;
import static io.kairos.agent.TaskSpecBuilder.aProcessTask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.allocator.AgentId;
import io.kairos.testing.TestImages;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CompositeContainerizerTest {

    @Test
    void image_tasks_run_in_docker_and_the_rest_as_processes() {
        RecordingListener inContainer = new RecordingListener();
        RecordingListener asProcess = new RecordingListener();
        TaskSpec containerTask = aContainerTask(TestImages.busybox()).command("sleep 60").build();
        TaskSpec processTask = aProcessTask().command("sleep 60").build();

        try (CompositeContainerizer composite = new CompositeContainerizer(
                new DockerContainerizer(null, new AgentId("test-" + UUID.randomUUID())), new ProcessContainerizer())) {
            composite.launch(containerTask, inContainer);
            composite.launch(processTask, asProcess);

            assertEquals(Set.of(containerTask.taskId(), processTask.taskId()), composite.running());
            assertTrue(composite.available());
            composite.kill(containerTask.taskId(), Duration.ofSeconds(1));
            composite.kill(processTask.taskId(), Duration.ofSeconds(1));
            assertEquals(Set.of(), composite.running());
        }

        assertEquals(64, inContainer.runtimeIds().get(0).length(), "a docker container id");
        assertTrue(asProcess.runtimeIds().get(0).startsWith("pid:"));
        assertEquals(TaskOutcome.Kind.KILLED, inContainer.outcomes().get(0).kind());
        assertEquals(TaskOutcome.Kind.KILLED, asProcess.outcomes().get(0).kind());
    }
}
