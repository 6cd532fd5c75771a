package io.kairos.agent;
public interface Containerizer extends AutoCloseable {
    void launch(TaskSpec spec, TaskListener listener);
    void kill(TaskId task, java.time.Duration grace);
    java.util.Set<TaskId> running();
    boolean available();
}
