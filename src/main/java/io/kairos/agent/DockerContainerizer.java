package io.kairos.agent;

import io.kairos.task.HostAccess;
import io.kairos.task.TaskId;
import io.kairos.task.TaskSpec;
import io.kairos.task.TaskOutcome;
import io.kairos.task.TaskListener;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.kairos.allocator.AgentId;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs image tasks as Docker containers named {@code kairos-<hash>-task-<id>} and labelled with the cluster, agent,
 * task, run and job.
 * A container is removed once its task has finished and the listener was told.
 *
 * <p>Containers outlive the agent: {@link #close()} lets go of them, and the next agent with the same id finds them
 * by their labels and takes them over ({@link #recover}). Containers of other agents, or of another cluster's agent
 * with the same id, sharing the daemon are left alone.
 *
 * <p>docker-java stays inside this class, {@link DockerTaskWatch} and {@link DockerImages}; callers see only Kairos types.
 */
public final class DockerContainerizer implements Containerizer {

    static final String LABEL_TASK_ID = "io.kairos.task-id";
    static final String LABEL_RUN_ID = "io.kairos.run-id";
    static final String LABEL_JOB = "io.kairos.job";
    static final String LABEL_MANAGED = "io.kairos.managed";
    static final String LABEL_AGENT_ID = "io.kairos.agent-id";
    /** The names (never the values) of the task's secrets: a later agent taking the container over masks them again. */
    static final String LABEL_SECRET_NAMES = "io.kairos.secret-names";
    static final String LABEL_CLUSTER_ID = "io.kairos.cluster-id";
    static final String NO_NEW_PRIVILEGES = "no-new-privileges";

    private static final System.Logger LOG = System.getLogger(DockerContainerizer.class.getName());
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long kill() waits beyond the grace for the container to stop, the output to drain and removal. */
    private static final Duration KILL_SLACK = Duration.ofSeconds(30);
    /** How long close() waits for the watcher threads to notice they were let go. */
    private static final Duration LET_GO_WAIT = Duration.ofSeconds(10);
    /** How much of a command check's output its failure message keeps (the end). */
    private static final int EXEC_OUTPUT_CHARS = 512;

    private final String dockerHost;
    private final AgentId agent;
    private final ClusterId cluster;
    private final DockerClient docker;
    private final String publishAddress;
    private final DockerImages images;
    private final ConcurrentMap<TaskId, TaskHandle> tasks = new ConcurrentHashMap<>();
    private final Set<DockerTaskWatch> watches = ConcurrentHashMap.newKeySet();
    private final ExecutorService watchers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "kairos-docker-watch");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param dockerHost e.g. {@code unix:///var/run/docker.sock}; null means DOCKER_HOST or the default socket
     * @param agent      the agent the containers belong to: they carry its id, and {@link #recover} takes over only
     *                   containers with this id (several agents may share one daemon)
     */
    public DockerContainerizer(String dockerHost, AgentId agent) {
        this(dockerHost, agent, "0.0.0.0");
    }

    /** @param publishAddress the host address a task's ports are published on ({@code 0.0.0.0}: every interface) */
    public DockerContainerizer(String dockerHost, AgentId agent, String publishAddress) {
        this(dockerHost, agent, publishAddress, ClusterId.of(null));
    }

    /**
     * @param cluster the cluster the containers belong to: they carry its id, and {@link #recover} takes over only
     *                containers with this id (two clusters' agents may share a daemon and an agent id)
     */
    public DockerContainerizer(String dockerHost, AgentId agent, String publishAddress, ClusterId cluster) {
        this.agent = agent;
        this.cluster = cluster;
        this.publishAddress = publishAddress;
        DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder();
        if (dockerHost != null) {
            config.withDockerHost(dockerHost);
        }
        DockerClientConfig built = config.build();
        this.dockerHost = built.getDockerHost().toString();
        // No response timeout: following logs and waiting for an exit legitimately take as long as the task runs.
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(built.getDockerHost())
                .sslConfig(built.getSSLConfig())
                .connectionTimeout(CONNECT_TIMEOUT)
                .build();
        this.docker = DockerClientImpl.getInstance(built, http);
        this.images = new DockerImages(docker);
    }

    @Override
    public void launch(TaskSpec spec, TaskListener listener) {
        TaskHandle task = new TaskHandle(spec.taskId(), listener);
        if (tasks.putIfAbsent(spec.taskId(), task) != null) {
            return;
        }
        String containerId = null;
        try {
            String image = spec.image().orElse(null);
            if (image == null) {
                failToStart(task, null, "task has no image; the Docker containerizer runs image tasks only");
                return;
            }
            String imageProblem = images.ensure(image, spec.forcePull());
            if (imageProblem != null) {
                failToStart(task, null, imageProblem);
                return;
            }
            if (task.killRequested()) {
                finishWithoutStart(task, null, TaskOutcome.killed(task.killReason() + " (before it started)"));
                return;
            }
            String portsTaken = HostPorts.busy(spec.ports(), publishAddress);
            if (portsTaken != null) {
                finishWithoutStart(task, null, TaskOutcome.notLaunched(portsTaken));
                return;
            }
            containerId = createContainer(spec, image);
            docker.startContainerCmd(containerId).exec();
        } catch (ConflictException e) {
            failToStart(task, containerId, "container " + containerName(spec.taskId())
                    + " already exists (left from an earlier agent?): " + e.getMessage());
            return;
        } catch (DockerException e) {
            String why = (containerId == null ? "creating" : "starting") + " the container failed: " + e.getMessage();
            if (HostPorts.isPortTaken(e.getMessage())) {
                // another program took a port between the check and the start
                finishWithoutStart(task, containerId, TaskOutcome.notLaunched(why));
            } else {
                failToStart(task, containerId, why);
            }
            return;
        } catch (RuntimeException e) {
            failToStart(task, containerId, (isIoFailure(e) ? "Docker daemon at " + dockerHost + " is unreachable: "
                    : "Docker call to " + dockerHost + " failed: ") + rootMessage(e));
            return;
        }
        Duration pendingKill = task.started(containerId);
        watch(task, containerId, false);
        if (pendingKill != null) {
            stopContainer(containerId, pendingKill);
        }
    }

    /**
     * Takes over this agent's containers left by an earlier agent process: a running one is followed from now on
     * (see {@link DockerTaskWatch#watchUntilExit}) until it exits; one that exited meanwhile is reported with its
     * exit code and removed; one created but never started is reported FAILED_TO_START and removed. A container
     * that cannot be inspected is skipped, so the scheduler finds its task missing (LOST) and queues the run again.
     */
    @Override
    public Set<TaskId> recover(TaskListener listener) {
        List<Container> left;
        try {
            left = docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(LABEL_MANAGED, "true", LABEL_AGENT_ID, agent.value())).exec();
        } catch (RuntimeException e) {
            // the agent starts all the same (health shows Docker down); its tasks are found missing and queued again
            LOG.log(Level.WARNING, "cannot look for containers to recover: Docker daemon at " + dockerHost + ": "
                    + rootMessage(e));
            return Set.of();
        }
        Set<TaskId> recovered = new HashSet<>();
        for (Container container : left) {
            if (!ofThisCluster(container)) {
                continue;
            }
            TaskId id = taskIdOf(container);
            if (id == null) {
                continue;
            }
            TaskHandle task = new TaskHandle(id, masked(container, listener));
            if (tasks.putIfAbsent(id, task) != null) {
                continue;
            }
            if (adopt(task, container.getId())) {
                recovered.add(id);
            } else {
                tasks.remove(id, task);
            }
        }
        return Set.copyOf(recovered);
    }

    /**
     * The listener of a taken-over container, masking its secrets as the launch did: their names are a label, their
     * values the container's own environment (which Docker keeps, for whoever may read the daemon anyway).
     */
    private TaskListener masked(Container container, TaskListener listener) {
        String names = container.getLabels() == null ? null : container.getLabels().get(LABEL_SECRET_NAMES);
        if (names == null || names.isBlank()) {
            return listener;
        }
        Set<String> secret = Set.of(names.split(","));
        List<String> values = new ArrayList<>();
        try {
            String[] env = docker.inspectContainerCmd(container.getId()).exec().getConfig().getEnv();
            for (String e : env == null ? new String[0] : env) {
                int eq = e.indexOf('=');
                if (eq > 0 && secret.contains(e.substring(0, eq))) {
                    values.add(e.substring(eq + 1));
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot read the secrets of container " + container.getId() + " to mask them: " + rootMessage(e));
        }
        return MaskingListener.of(values, listener);
    }

    private boolean adopt(TaskHandle task, String containerId) {
        InspectContainerResponse.ContainerState state;
        try {
            state = docker.inspectContainerCmd(containerId).exec().getState();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot recover container " + containerId + " of task " + task.id() + ": "
                    + rootMessage(e));
            return false;
        }
        if (state != null && "created".equals(state.getStatus())) {
            failToStart(task, containerId, "the container was created but not started before the agent stopped");
        } else if (state != null && Boolean.TRUE.equals(state.getRunning())) {
            task.started(containerId);
            watch(task, containerId, true);
        } else {
            task.started(containerId);
            task.finish(DockerTaskWatch.outcomeOf(state));
            release(task, containerId);
        }
        return true;
    }

    private void watch(TaskHandle task, String containerId, boolean fromNow) {
        DockerTaskWatch watch = new DockerTaskWatch(docker, task, containerId);
        watches.add(watch);
        watchers.execute(() -> {
            try {
                watch.watchUntilExit(fromNow, () -> release(task, containerId));
            } finally {
                watches.remove(watch);
            }
        });
    }

    @Override
    public void kill(TaskId taskId, Duration grace) {
        TaskHandle task = tasks.get(taskId);
        if (task == null) {
            return;
        }
        String containerId = task.requestKill("killed on request", grace);
        if (containerId != null) {
            stopContainer(containerId, grace);
        }
        if (!task.awaitReleased(grace.plus(KILL_SLACK))) {
            LOG.log(Level.WARNING, "task " + taskId + " did not finish within " + grace.plus(KILL_SLACK) + " of kill");
        }
    }

    @Override
    public Set<TaskId> running() {
        return Set.copyOf(tasks.keySet());
    }

    /**
     * {@code docker exec} in the task's container, as the container's user, with its environment: the check can do
     * nothing the task could not. A command still running at the timeout is left to finish inside the container (Docker
     * has no kill for an exec); the check has failed all the same.
     */
    @Override
    public String exec(TaskId taskId, String command, Duration timeout) {
        TaskHandle task = tasks.get(taskId);
        String containerId = task == null ? null : task.runtimeId();
        if (containerId == null) {
            return "task " + taskId + " has no running container here";
        }
        try {
            String execId = docker.execCreateCmd(containerId).withCmd("/bin/sh", "-c", command)
                    .withAttachStdout(true).withAttachStderr(true).exec().getId();
            StringBuilder seen = new StringBuilder();
            ResultCallback.Adapter<Frame> output = docker.execStartCmd(execId).exec(new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Frame frame) {
                    synchronized (seen) {
                        seen.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                        if (seen.length() > 2 * EXEC_OUTPUT_CHARS) {
                            seen.delete(0, seen.length() - EXEC_OUTPUT_CHARS);
                        }
                    }
                }
            });
            boolean done = output.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            output.close();
            String tail;
            synchronized (seen) {
                tail = seen.substring(Math.max(0, seen.length() - EXEC_OUTPUT_CHARS)).strip();
            }
            if (!done) {
                return "timed out after " + timeout + (tail.isEmpty() ? "" : ": " + tail);
            }
            Long code = docker.inspectExecCmd(execId).exec().getExitCodeLong();
            return code != null && code == 0 ? null : "exited " + code + (tail.isEmpty() ? "" : ": " + tail);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (IOException | RuntimeException e) {
            return "docker exec in container " + containerId + " failed: " + rootMessage(e);
        }
    }

    @Override
    public boolean available() {
        try {
            docker.pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Lets go of the running containers (they keep running, their ends are not reported, for the next agent's
     * {@link #recover}), then closes the Docker connection. {@link #killAll} first to stop them instead.
     */
    @Override
    public void close() {
        watches.forEach(DockerTaskWatch::letGo);
        watchers.shutdown();
        try {
            if (!watchers.awaitTermination(LET_GO_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "watchers still busy " + LET_GO_WAIT + " after letting go of their containers");
            }
            tasks.clear();
            docker.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the Docker client failed", e);
        }
    }

    @Override
    public void joinedCluster(String clusterId) {
        cluster.learn(clusterId);
    }

    /**
     * Docker filters on a label's value but not on its absence, so the cluster is checked here: unknown, only a
     * container without a cluster label (from before cluster ids) is this agent's.
     */
    private boolean ofThisCluster(Container container) {
        String label = container.getLabels() == null ? null : container.getLabels().get(LABEL_CLUSTER_ID);
        boolean ours = Objects.equals(label, cluster.current().orElse(null));
        if (!ours) {
            LOG.log(Level.DEBUG, "container " + container.getId() + " of agent " + agent + " belongs to cluster " + label
                    + ", not this agent's " + cluster.current().orElse("(unknown)") + ": left alone");
        }
        return ours;
    }

    private static TaskId taskIdOf(Container container) {
        String label = container.getLabels() == null ? null : container.getLabels().get(LABEL_TASK_ID);
        try {
            return new TaskId(Long.parseLong(label));
        } catch (NumberFormatException e) {
            LOG.log(Level.WARNING, "container " + container.getId() + " has a bad " + LABEL_TASK_ID + ": " + label);
            return null;
        }
    }

    /**
     * {@code kairos-<hash>-task-<id>}: task ids count from 1 in every Kairos database, so the cluster's and the agent's
     * ids are hashed into the name, or two clusters sharing one daemon (even under one agent id) would collide.
     * Without a cluster id the hash is the agent's alone, as before cluster ids.
     */
    String containerName(TaskId id) {
        String owner = cluster.current().orElse("") + agent.value();
        return "kairos-" + Integer.toHexString(owner.hashCode()) + "-task-" + id.value();
    }

    /** What the job's role allowed its container of the host (issue 11); nothing beyond Docker's defaults otherwise. */
    private static void hostAccess(HostConfig host, HostAccess access) {
        host.withPrivileged(access.privileged()).withNetworkMode(access.network());
        if (!access.binds().isEmpty()) {
            host.withBinds(access.binds().stream().map(Bind::parse).toList());
        }
        if (!access.capAdd().isEmpty()) {
            host.withCapAdd(access.capAdd().stream().map(c -> Capability.valueOf(c.startsWith("CAP_") ? c.substring(4) : c))
                    .toArray(Capability[]::new));
        }
    }

    private String createContainer(TaskSpec spec, String image) {
        Map<String, String> labels = new HashMap<>();
        labels.put(LABEL_TASK_ID, Long.toString(spec.taskId().value()));
        labels.put(LABEL_RUN_ID, Long.toString(spec.runId()));
        labels.put(LABEL_JOB, spec.jobName());
        labels.put(LABEL_MANAGED, "true");
        labels.put(LABEL_AGENT_ID, agent.value());
        if (!spec.secrets().isEmpty()) {
            labels.put(LABEL_SECRET_NAMES, String.join(",", new java.util.TreeSet<>(spec.secrets().keySet())));
        }
        cluster.current().ifPresent(id -> labels.put(LABEL_CLUSTER_ID, id));
        // An init process as PID 1 forwards SIGTERM to the task (PID 1 ignores signals it has no handler for,
        // so a plain `sh -c` would always sit out the whole grace) and reaps orphaned children.
        // no-new-privileges: a setuid binary in the image (su, sudo, ping) cannot raise the task above the user it
        // started as. Privileged, host network, mounts and capabilities only as the job's role allowed (hostAccess).
        HostConfig host = HostConfig.newHostConfig().withInit(true)
                .withSecurityOpts(List.of(NO_NEW_PRIVILEGES));
        hostAccess(host, spec.host());
        if (spec.cpus() > 0) {
            host.withNanoCPUs(Math.round(spec.cpus() * 1e9));
        }
        if (spec.memMb() > 0) {
            host.withMemory(spec.memMb() * 1024 * 1024);
        }
        List<ExposedPort> exposedPorts = List.of();
        if (!spec.ports().isEmpty()) {
            // each host port the task was given is published under the same number (the program binds $PORT0 inside
            // the container and is reached at <agent host>:$PORT0, as with Marathon's host ports), or to the container
            // port it was mapped to (Marathon's portMappings: the program binds its own port, 80, reached at $PORT0)
            Ports bindings = new Ports();
            List<ExposedPort> exposed = new ArrayList<>();
            for (int i = 0; i < spec.ports().size(); i++) {
                ExposedPort e = ExposedPort.tcp(spec.containerPort(i));
                exposed.add(e);
                bindings.bind(e, Ports.Binding.bindIpAndPort(publishAddress, spec.ports().get(i)));
            }
            host.withPortBindings(bindings);
            exposedPorts = exposed;
        }
        if (spec.gpus() > 0) {
            // Docker's --gpus N: the NVIDIA runtime picks the devices
            host.withDeviceRequests(List.of(new DeviceRequest().withCount((int) spec.gpus())
                    .withCapabilities(List.of(List.of("gpu")))));
        }
        List<String> env = new ArrayList<>();
        spec.environment().forEach((name, value) -> env.add(name + "=" + value));
        CreateContainerCmd create = docker.createContainerCmd(image)
                .withName(containerName(spec.taskId()))
                .withLabels(labels)
                .withEnv(env)
                .withExposedPorts(exposedPorts)
                .withHostConfig(host);
        if (spec.command() != null) {
            create.withCmd("/bin/sh", "-c", spec.command());
        } else if (spec.args() != null) {
            create.withCmd(spec.args());
        }
        return create.exec().getId();
    }

    private void stopContainer(String containerId, Duration grace) {
        int graceSeconds = (int) Math.min(Integer.MAX_VALUE, (grace.toMillis() + 999) / 1000);
        try {
            docker.stopContainerCmd(containerId).withTimeout(graceSeconds).exec();
        } catch (NotModifiedException | NotFoundException e) {
            // already stopped or gone
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "stopping container " + containerId + " failed, killing it", e);
        }
        try {
            docker.killContainerCmd(containerId).exec();
        } catch (NotFoundException | ConflictException e) {
            // stop did its job: the container is no longer running
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "killing container " + containerId + " failed", e);
        }
    }

    private void failToStart(TaskHandle task, String containerId, String message) {
        finishWithoutStart(task, containerId, TaskOutcome.failedToStart(message));
    }

    private void finishWithoutStart(TaskHandle task, String containerId, TaskOutcome outcome) {
        task.finish(outcome);
        release(task, containerId);
    }

    private void release(TaskHandle task, String containerId) {
        try {
            if (containerId != null) {
                docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
            }
        } catch (NotFoundException e) {
            // already gone
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "removing container " + containerId + " of task " + task.id() + " failed", e);
        } finally {
            tasks.remove(task.id(), task);
            task.released();
        }
    }

    private static boolean isIoFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e ? message : e.getMessage() + " (" + message + ")";
    }
}
