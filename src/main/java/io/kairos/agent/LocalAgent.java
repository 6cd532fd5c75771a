package io.kairos.agent;

import io.kairos.allocator.AgentId;
import io.kairos.allocator.Resources;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The agent that lives inside a standalone Kairos: the same launch/kill/report path a remote agent
 * takes, with method calls instead of a connection.
 */
@ApplicationScoped
public class LocalAgent implements AgentHandle {

    private static final Logger LOG = Logger.getLogger(LocalAgent.class);

    private final Containerizer containerizer;
    private final TaskListener reports;
    private final AgentId id;
    private final String hostname;
    private final Resources resources;
    private final Map<String, String> attributes;
    /** Off in production: containers outlive a restart and are taken over. Tests stop theirs, to own their data. */
    private final boolean stopTasksOnShutdown;
    private volatile boolean closing;
    private final TaskListener listener = new TaskListener() {
        @Override
        public void onStarted(TaskId task, String containerId) {
            reports.onStarted(task, containerId);
        }

        @Override
        public void onOutput(TaskId task, LogStream stream, byte[] data) {
            reports.onOutput(task, stream, data);
        }

        @Override
        public void onFinished(TaskId task, TaskOutcome outcome) {
            if (closing) {
                LOG.infof("task %d stopped with Kairos; it is queued again at the next start", task.value());
                return;
            }
            reports.onFinished(task, outcome);
        }
    };
    private final ExecutorService work = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kairos-local-agent");
        t.setDaemon(true);
        return t;
    });

    /** @param agentId default {@code local-<hostname>}; its Docker containers carry it, and a restart takes over only those */
    LocalAgent(TaskListener reports, @ConfigProperty(name = "kairos.agent.id") Optional<String> agentId,
               @ConfigProperty(name = "kairos.agent.resources") Optional<String> resources,
               @ConfigProperty(name = "kairos.agent.attributes") Optional<String> attributes,
               @ConfigProperty(name = "kairos.docker.host") Optional<String> dockerHost,
               @ConfigProperty(name = "kairos.agent.stop-tasks-on-shutdown", defaultValue = "false") boolean stopTasksOnShutdown,
               SparkSubmitConfig spark) {
        this.reports = reports;
        this.stopTasksOnShutdown = stopTasksOnShutdown;
        this.hostname = localHostname();
        this.id = new AgentId(agentId.orElse("local-" + hostname));
        this.resources = resources.map(AgentResources::parse).orElseGet(AgentResources::detect).scalars();
        this.attributes = attributes.map(AgentResources::parseAttributes).orElse(Map.of());
        this.containerizer = new SparkSubmitCommand(new CompositeContainerizer(new DockerContainerizer(dockerHost.orElse(null), id),
                new ProcessContainerizer()), spark);
        LOG.infof("local agent %s offers %s", id, this.resources);
    }

    /**
     * Takes over the containers the previous Kairos left running, before the dispatcher asks what runs here: they
     * are reported running, so their attempts are adopted rather than lost. Containers that ended meanwhile have
     * their ends reported now, like any other.
     */
    @PostConstruct
    void recover() {
        Set<TaskId> recovered = containerizer.recover(listener);
        if (!recovered.isEmpty()) {
            LOG.infof("local agent %s took over %d tasks of the previous start", id, recovered.size());
        }
    }

    @Override
    public AgentId id() {
        return id;
    }

    @Override
    public String hostname() {
        return hostname;
    }

    @Override
    public Resources resources() {
        return resources;
    }

    @Override
    public Map<String, String> attributes() {
        return attributes;
    }

    /** Returns at once, like a message to a remote agent: a pull or a slow daemon must not stall the dispatcher. */
    @Override
    public void launch(TaskSpec spec) {
        work.execute(() -> containerizer.launch(spec, listener));
    }

    /** Returns at once; the end of the task arrives through the listener. */
    @Override
    public void kill(TaskId task, Duration grace) {
        work.execute(() -> containerizer.kill(task, grace));
    }

    @Override
    public Set<TaskId> running() {
        return containerizer.running();
    }

    public boolean dockerAvailable() {
        return containerizer.available();
    }

    /**
     * Stopping Kairos lets its Docker containers run on: the next start takes them over ({@link #recover()}) and
     * their runs go on where they are. Host processes cannot be taken over, so they are stopped, and their ends
     * are not reported as KILLED: the runs were not killed by anyone, they were interrupted. Their attempts stay
     * open in the database, and the next start finds them missing, marks them LOST and queues the runs again.
     */
    @PreDestroy
    void close() {
        closing = true;
        work.shutdown();
        if (stopTasksOnShutdown) {
            containerizer.killAll(Duration.ofSeconds(5));
        }
        containerizer.close();
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
