package io.kairos.agent;
public interface TaskListener {
    void onStarted(TaskId task, String containerId);
    void onOutput(TaskId task, LogStream stream, byte[] data);
    void onFinished(TaskId task, TaskOutcome outcome);
}
