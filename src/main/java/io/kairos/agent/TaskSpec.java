package io.kairos.agent;
public record TaskSpec(TaskId taskId, long runId, String jobName, java.util.Optional<String> image, boolean forcePull,
                       String command, java.util.List<String> args, java.util.Map<String,String> env,
                       double cpus, long memMb) {}
