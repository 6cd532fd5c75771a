package io.kairos.agent;

import java.nio.file.Path;

/**
 * A stand-in for an agent process, run in a JVM of its own so a test can {@code kill -9} it: launches one process
 * task ({@code args[1]}, a shell command, with working directories under {@code args[0]}) and then waits forever.
 */
public final class CrashingAgent {

    private CrashingAgent() {
    }

    public static void main(String[] args) throws InterruptedException {
        ProcessContainerizer processes = new ProcessContainerizer(Path.of(args[0]));
        processes.launch(TaskSpecBuilder.aProcessTask().command(args[1]).build(), new RecordingListener());
        Thread.currentThread().join();
    }
}
