package io.kairos.cluster;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/**
 * Whether this scheduler leads, and the epoch of its term. Without ZooKeeper it always leads, with the start time
 * as epoch. With {@code KAIROS_ZOOKEEPER_CONNECT}, schedulers elect one leader through a Curator {@link LeaderLatch};
 * each new term takes an epoch above every earlier one (kept in ZooKeeper, compare-and-set), which agents fence on.
 * Only the leader dispatches runs and accepts agents; every scheduler serves the API, and Quartz's clustered,
 * database-locked firing records each slot once whoever fires it.
 */
@ApplicationScoped
public class Leadership {

    private static final Logger LOG = Logger.getLogger(Leadership.class);

    /** Fired, synchronously, when this scheduler gains or loses the lead. */
    public record Changed(boolean leader, long epoch) {
    }

    private final ClusterConfig config;
    private final Clock clock;
    private final ProcessRole role;
    private final int httpPort;
    private final Optional<Long> fixedEpoch;
    private final Event<Changed> changes;
    private volatile boolean leader;
    private volatile long epoch;
    private CuratorFramework client;
    private LeaderLatch latch;

    Leadership(ClusterConfig config, Clock clock, @ConfigProperty(name = "kairos.role") ProcessRole role,
               @ConfigProperty(name = "quarkus.http.port") int httpPort,
               @ConfigProperty(name = "kairos.epoch") Optional<Long> fixedEpoch, Event<Changed> changes) {
        this.config = config;
        this.clock = clock;
        this.role = role;
        this.httpPort = httpPort;
        this.fixedEpoch = fixedEpoch;
        this.changes = changes;
    }

    /** Before the dispatcher and the agent registry start: they ask who leads. */
    void start(@Observes @Priority(10) StartupEvent e) {
        if (!role.schedules()) {
            return;
        }
        if (config.zookeeperConnect().isEmpty()) {
            // the only scheduler: each start is a newer term
            epoch = fixedEpoch.orElseGet(clock::millis);
            leader = true;
            return;
        }
        String me = config.advertisedUrl().orElseGet(() -> "http://" + hostname() + ":" + httpPort);
        client = CuratorFrameworkFactory.builder()
                .connectString(config.zookeeperConnect().get())
                .sessionTimeoutMs((int) config.sessionTimeout().toMillis())
                .connectionTimeoutMs((int) config.connectionTimeout().toMillis())
                .retryPolicy(new ExponentialBackoffRetry(200, 10, 5_000))
                .build();
        client.start();
        join(me);
        LOG.infof("scheduler %s joined the leader election at %s%s", me, config.zookeeperConnect().get(), config.zookeeperPath());
    }

    private void join(String me) {
        LeaderLatch l = new LeaderLatch(client, config.zookeeperPath() + "/leader", me);
        l.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                try {
                    long term = nextEpoch();
                    epoch = term;
                    leader = true;
                    LOG.infof("this scheduler (%s) leads, epoch %d", me, term);
                    changes.fire(new Changed(true, term));
                } catch (Exception ex) {
                    // without a new epoch agents could not tell this term from the last: give the lead up, rejoin
                    LOG.errorf(ex, "taking the lead failed; rejoining the election");
                    leader = false;
                    rejoin(l, me);
                }
            }

            @Override
            public void notLeader() {
                boolean was = leader;
                leader = false;
                if (was) {
                    LOG.warnf("this scheduler (%s) no longer leads", me);
                    changes.fire(new Changed(false, epoch));
                }
            }
        });
        latch = l;
        try {
            l.start();
        } catch (Exception ex) {
            throw new IllegalStateException("cannot join the leader election at " + config.zookeeperConnect().get(), ex);
        }
    }

    private void rejoin(LeaderLatch old, String me) {
        // off the latch's own callback thread: closing a latch from inside its listener would wait on itself
        Thread t = new Thread(() -> {
            try {
                old.close(LeaderLatch.CloseMode.SILENT);
            } catch (Exception ex) {
                LOG.debugf("leaving the election: %s", ex.getMessage());
            }
            join(me);
        }, "kairos-leader-rejoin");
        t.setDaemon(true);
        t.start();
    }

    void stop(@Observes ShutdownEvent e) {
        try {
            if (latch != null) {
                latch.close(LeaderLatch.CloseMode.SILENT);
            }
        } catch (Exception ex) {
            LOG.debugf("leaving the election: %s", ex.getMessage());
        }
        if (client != null) {
            client.close();
        }
    }

    public boolean isLeader() {
        return leader;
    }

    /** The epoch of this scheduler's current (or last) term; agents refuse commands of an older one. */
    public long epoch() {
        return epoch;
    }

    public boolean clustered() {
        return latch != null;
    }

    /** The leader's advertised URL, when known. */
    public Optional<String> leaderUrl() {
        if (latch == null) {
            return Optional.empty();
        }
        try {
            var p = latch.getLeader();
            return p.isLeader() ? Optional.of(p.getId()) : Optional.empty();
        } catch (Exception ex) {
            return Optional.empty();
        }
    }

    /**
     * Above every epoch handed out before, and at least the clock in ms, so epochs also stay above those of a
     * stand-alone past. Compare-and-set on the znode's version: two leaders in a row never share one.
     */
    private long nextEpoch() throws Exception {
        String path = config.zookeeperPath() + "/epoch";
        while (true) {
            Stat stat = new Stat();
            long current;
            try {
                current = Long.parseLong(new String(client.getData().storingStatIn(stat).forPath(path), StandardCharsets.UTF_8));
            } catch (KeeperException.NoNodeException missing) {
                try {
                    long first = Math.max(clock.millis(), fixedEpoch.orElse(0L));
                    client.create().creatingParentsIfNeeded().forPath(path, Long.toString(first).getBytes(StandardCharsets.UTF_8));
                    return first;
                } catch (KeeperException.NodeExistsException raced) {
                    continue;
                }
            }
            long next = Math.max(clock.millis(), current + 1);
            try {
                client.setData().withVersion(stat.getVersion()).forPath(path, Long.toString(next).getBytes(StandardCharsets.UTF_8));
                return next;
            } catch (KeeperException.BadVersionException raced) {
                // another term began in between: read again
            }
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
