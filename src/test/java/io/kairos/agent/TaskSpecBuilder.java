package io.kairos.agent;

import io.kairos.task.TaskId;
import io.kairos.task.TaskSpec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** Builds task specs for tests; every task gets a fresh random id so tests and reruns never share containers. */
final class TaskSpecBuilder {

    private final TaskId taskId = new TaskId(ThreadLocalRandom.current().nextLong(1_000_000_000L, 1_000_000_000_000L));
    private String image;
    private boolean forcePull;
    private String command;
    private List<String> args;
    private final Map<String, String> env = new HashMap<>();
    private double cpus;
    private long memMb;
    private List<Integer> ports = List.of();
    private final Map<String, String> secrets = new HashMap<>();
    private List<io.kairos.task.HealthCheck> healthChecks = List.of();
    private List<Integer> containerPorts = List.of();

    static TaskSpecBuilder aProcessTask() {
        return new TaskSpecBuilder();
    }

    static TaskSpecBuilder aContainerTask(String image) {
        TaskSpecBuilder builder = new TaskSpecBuilder();
        builder.image = image;
        return builder;
    }

    TaskSpecBuilder command(String command) {
        this.command = command;
        return this;
    }

    TaskSpecBuilder args(String... args) {
        this.args = List.of(args);
        return this;
    }

    TaskSpecBuilder env(String name, String value) {
        env.put(name, value);
        return this;
    }

    TaskSpecBuilder cpus(double cpus) {
        this.cpus = cpus;
        return this;
    }

    /** Host ports given to the task (published by a container under the same numbers). */
    TaskSpecBuilder ports(Integer... ports) {
        this.ports = List.of(ports);
        return this;
    }

    /** For a container: the port inside it each host port is published to (0: the same number). */
    TaskSpecBuilder containerPorts(Integer... ports) {
        this.containerPorts = List.of(ports);
        return this;
    }

    TaskSpecBuilder healthChecks(io.kairos.task.HealthCheck... checks) {
        this.healthChecks = List.of(checks);
        return this;
    }

    TaskSpecBuilder memMb(long memMb) {
        this.memMb = memMb;
        return this;
    }

    TaskSpecBuilder secret(String name, String value) {
        secrets.put(name, value);
        return this;
    }

    TaskSpecBuilder forcePull() {
        this.forcePull = true;
        return this;
    }

    TaskSpec build() {
        return new TaskSpec(taskId, taskId.value() + 7, "test-job", Optional.ofNullable(image), forcePull,
                command, args, env, cpus, memMb, 0, ports, false, secrets, io.kairos.task.HostAccess.NONE, healthChecks,
                containerPorts);
    }
}
