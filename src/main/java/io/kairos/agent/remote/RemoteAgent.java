package io.kairos.agent.remote;

import io.kairos.agent.AgentHandle;
import io.kairos.task.TaskId;
import io.kairos.task.TaskSpec;
import io.kairos.agent.protocol.Message;
import io.kairos.agent.protocol.Wire;
import io.kairos.allocator.AgentId;
import io.kairos.allocator.PortRanges;
import io.kairos.allocator.Resources;
import io.vertx.core.http.ServerWebSocket;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leader's handle on an agent connected over the agent protocol: one per connection. Commands are sent
 * and not waited for; what happens comes back as status updates. A command sent while the connection is down
 * is lost, which reconciliation at the next registration makes good.
 */
final class RemoteAgent implements AgentHandle {

    private static final Logger LOG = Logger.getLogger(RemoteAgent.class);

    private final AgentId id;
    private final String hostname;
    private final Resources resources;
    private final Map<String, String> attributes;
    private final long epoch;
    private final ServerWebSocket socket;
    private final Set<TaskId> running = ConcurrentHashMap.newKeySet();

    RemoteAgent(Message.Register r, long epoch, ServerWebSocket socket) {
        this.id = new AgentId(r.agentId());
        this.hostname = r.hostname();
        this.resources = new Resources(r.cpus(), r.memMb(), r.diskMb(), r.gpus(),
                r.ports() == null ? PortRanges.NONE : PortRanges.parse(String.join(",", r.ports())));
        this.attributes = r.attributes() == null ? Map.of() : Map.copyOf(r.attributes());
        this.epoch = epoch;
        this.socket = socket;
        if (r.running() != null) {
            r.running().forEach(t -> running.add(new TaskId(t)));
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

    @Override
    public void launch(TaskSpec spec) {
        send(new Message.Launch(epoch, Wire.task(spec)));
    }

    @Override
    public void kill(TaskId task, Duration grace) {
        send(new Message.Kill(epoch, task.value(), grace.toMillis()));
    }

    /** What the agent reported at registration, kept current by its status updates. */
    @Override
    public Set<TaskId> running() {
        return Set.copyOf(running);
    }

    void started(TaskId task) {
        running.add(task);
    }

    void finished(TaskId task) {
        running.remove(task);
    }

    boolean connected() {
        return !socket.isClosed();
    }

    boolean uses(ServerWebSocket s) {
        return socket == s;
    }

    void send(Message m) {
        if (socket.isClosed()) {
            // reconciliation at the agent's next registration makes up for a lost launch or kill
            LOG.debugf("agent %s is disconnected: %s not sent", id, m.getClass().getSimpleName());
            return;
        }
        socket.writeTextMessage(Wire.encode(m));
    }

    void disconnect() {
        if (!socket.isClosed()) {
            socket.close();
        }
    }
}
