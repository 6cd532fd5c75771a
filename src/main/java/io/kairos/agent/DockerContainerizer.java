package io.kairos.agent;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs image tasks as Docker containers named {@code kairos-task-<id>} and labelled with the task, run and job.
 * A container is removed once its task has finished and the listener was told.
 *
 * <p>docker-java stays inside this class and {@link DockerTaskWatch}; callers see only Kairos types.
 */
public final class DockerContainerizer implements Containerizer {

    static final String LABEL_TASK_ID = "io.kairos.task-id";
    static final String LABEL_RUN_ID = "io.kairos.run-id";
    static final String LABEL_JOB = "io.kairos.job";
    static final String LABEL_MANAGED = "io.kairos.managed";

    private static final System.Logger LOG = System.getLogger(DockerContainerizer.class.getName());
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);
    /** How long kill() waits beyond the grace for the container to stop, the output to drain and removal. */
    private static final Duration KILL_SLACK = Duration.ofSeconds(30);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final String dockerHost;
    private final DockerClient docker;
    private final ConcurrentMap<TaskId, TaskHandle> tasks = new ConcurrentHashMap<>();
    private final ExecutorService watchers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "kairos-docker-watch");
        thread.setDaemon(true);
        return thread;
    });

    /** @param dockerHost e.g. {@code unix:///var/run/docker.sock}; null means DOCKER_HOST or the default socket */
    public DockerContainerizer(String dockerHost) {
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
            String imageProblem = ensureImage(image, spec.forcePull());
            if (imageProblem != null) {
                failToStart(task, null, imageProblem);
                return;
            }
            if (task.killRequested()) {
                finishWithoutStart(task, null, TaskOutcome.killed(task.killReason() + " (before it started)"));
                return;
            }
            containerId = createContainer(spec, image);
            docker.startContainerCmd(containerId).exec();
        } catch (ConflictException e) {
            failToStart(task, containerId, "container " + containerName(spec.taskId())
                    + " already exists (left from an earlier agent?): " + e.getMessage());
            return;
        } catch (DockerException e) {
            failToStart(task, containerId, (containerId == null ? "creating" : "starting")
                    + " the container failed: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            failToStart(task, containerId, (isIoFailure(e) ? "Docker daemon at " + dockerHost + " is unreachable: "
                    : "Docker call to " + dockerHost + " failed: ") + rootMessage(e));
            return;
        }
        Duration pendingKill = task.started(containerId);
        String id = containerId;
        watchers.execute(() -> new DockerTaskWatch(docker, task, id).watchUntilExit(() -> release(task, id)));
        if (pendingKill != null) {
            stopContainer(containerId, pendingKill);
        }
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
     * Tasks whose Kairos-managed containers exist on this daemon but are not tracked here, e.g. left by an agent that
     * died. Re-adopting them (following their output, reporting their exit) is not done yet.
     */
    public List<TaskId> adoptable() {
        List<TaskId> found = new ArrayList<>();
        for (Container container : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(LABEL_MANAGED, "true")).exec()) {
            String label = container.getLabels() == null ? null : container.getLabels().get(LABEL_TASK_ID);
            try {
                TaskId id = new TaskId(Long.parseLong(label));
                if (!tasks.containsKey(id)) {
                    found.add(id);
                }
            } catch (NumberFormatException e) {
                LOG.log(Level.WARNING, "container " + container.getId() + " has a bad " + LABEL_TASK_ID + ": " + label);
            }
        }
        return found;
    }

    /** Kills the running tasks with a short grace, then closes the Docker connection. */
    @Override
    public void close() {
        List<Runnable> kills = new ArrayList<>();
        for (TaskId id : running()) {
            kills.add(() -> kill(id, CLOSE_GRACE));
        }
        kills.forEach(watchers::execute);
        watchers.shutdown();
        try {
            watchers.awaitTermination(CLOSE_GRACE.plus(KILL_SLACK).toMillis(), TimeUnit.MILLISECONDS);
            docker.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the Docker client failed", e);
        }
    }

    static String containerName(TaskId id) {
        return "kairos-task-" + id.value();
    }

    /** Returns null when the image is ready, else why the task cannot start. */
    private String ensureImage(String image, boolean forcePull) {
        boolean present;
        try {
            docker.inspectImageCmd(image).exec();
            present = true;
        } catch (NotFoundException e) {
            present = false;
        }
        if (present && !forcePull) {
            return null;
        }
        try {
            pull(image);
            return null;
        } catch (RuntimeException e) {
            return "image " + image + (present ? " could not be pulled (forcePull): " : " not found and pull failed: ")
                    + rootMessage(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "image " + image + ": interrupted while pulling";
        }
    }

    private void pull(String image) throws InterruptedException {
        String repository = image;
        String tag = null;
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (!image.contains("@")) {
            // Without a tag the daemon would pull every tag of the repository.
            repository = colon > slash ? image.substring(0, colon) : image;
            tag = colon > slash ? image.substring(colon + 1) : "latest";
        }
        QuietPull pull = docker.pullImageCmd(repository).withTag(tag).exec(new QuietPull());
        if (!pull.awaitCompletion(PULL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("no answer within " + PULL_TIMEOUT);
        }
        if (pull.failure != null) {
            throw pull.failure;
        }
    }

    /**
     * A failed pull is an ordinary task outcome (FAILED_TO_START) here; docker-java would also log it as an ERROR
     * with a stack trace, so the failure is kept for the caller instead.
     */
    private static final class QuietPull extends PullImageResultCallback {
        private volatile RuntimeException failure;

        @Override
        public void onError(Throwable error) {
            failure = error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error);
            try {
                close();
            } catch (IOException e) {
                // the stream is gone either way
            }
        }
    }

    private String createContainer(TaskSpec spec, String image) {
        Map<String, String> labels = new HashMap<>();
        labels.put(LABEL_TASK_ID, Long.toString(spec.taskId().value()));
        labels.put(LABEL_RUN_ID, Long.toString(spec.runId()));
        labels.put(LABEL_JOB, spec.jobName());
        labels.put(LABEL_MANAGED, "true");
        // An init process as PID 1 forwards SIGTERM to the task (PID 1 ignores signals it has no handler for,
        // so a plain `sh -c` would always sit out the whole grace) and reaps orphaned children.
        HostConfig host = HostConfig.newHostConfig().withInit(true);
        if (spec.cpus() > 0) {
            host.withNanoCPUs(Math.round(spec.cpus() * 1e9));
        }
        if (spec.memMb() > 0) {
            host.withMemory(spec.memMb() * 1024 * 1024);
        }
        List<String> env = new ArrayList<>();
        spec.env().forEach((name, value) -> env.add(name + "=" + value));
        CreateContainerCmd create = docker.createContainerCmd(image)
                .withName(containerName(spec.taskId()))
                .withLabels(labels)
                .withEnv(env)
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
