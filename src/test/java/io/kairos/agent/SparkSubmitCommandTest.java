package io.kairos.agent;

import io.kairos.task.TaskId;
import io.kairos.task.TaskSpec;
import io.kairos.task.TaskListener;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SparkSubmitCommandTest {

    /** Records what it is asked to launch. */
    private static final class Launched implements Containerizer {
        final List<TaskSpec> specs = new ArrayList<>();

        @Override
        public void launch(TaskSpec spec, TaskListener listener) {
            specs.add(spec);
        }

        @Override
        public void kill(TaskId task, Duration grace) {
        }

        @Override
        public Set<TaskId> running() {
            return Set.of();
        }

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private static TaskSpec spark(Optional<String> image) {
        return new TaskSpec(new TaskId(7), 3, "etl", image, false, null, List.of("--master", "local[2]", "/opt/app.jar"),
                Map.of(), 2, 1408, 0, List.of(), true);
    }

    @Test
    void a_host_task_gets_the_agents_spark_submit_words_in_front_of_its_arguments() {
        Launched next = new Launched();
        new SparkSubmitCommand(next, " /usr/bin/java  @/etc/spark.args ", "spark-submit").launch(spark(Optional.empty()), null);
        TaskSpec ran = next.specs.get(0);
        assertEquals(List.of("/usr/bin/java", "@/etc/spark.args", "--master", "local[2]", "/opt/app.jar"), ran.args());
        assertFalse(ran.sparkSubmit());
    }

    @Test
    void a_container_task_gets_the_images_spark_submit() {
        Launched next = new Launched();
        new SparkSubmitCommand(next, "/opt/spark/bin/spark-submit", "/opt/spark/bin/spark-submit").launch(spark(Optional.of("apache/spark")), null);
        assertEquals("/opt/spark/bin/spark-submit", next.specs.get(0).args().get(0));
    }

    @Test
    void other_tasks_pass_untouched() {
        Launched next = new Launched();
        TaskSpec plain = new TaskSpec(new TaskId(8), 4, "echo", Optional.empty(), false, "echo hi", null, Map.of(), 0.1, 32);
        new SparkSubmitCommand(next, "spark-submit", "spark-submit").launch(plain, null);
        assertSame(plain, next.specs.get(0));
    }

    @Test
    void an_empty_spark_submit_setting_is_refused_at_start() {
        assertThrows(IllegalArgumentException.class, () -> new SparkSubmitCommand(new Launched(), "  ", "spark-submit"));
    }
}
