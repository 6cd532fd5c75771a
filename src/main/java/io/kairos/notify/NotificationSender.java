package io.kairos.notify;

import io.kairos.cluster.ProcessRole;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.job.Notification;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers what the outbox holds: claims due rows, hands each to one of {@code senders} threads,
 * records delivered, or the error and the next try ({@link DeliveryBackoff}), or FAILED after the
 * last. Runs on its own threads, so a slow or dead target delays neither scheduling nor runs.
 */
@ApplicationScoped
public class NotificationSender {

    private static final Logger LOG = Logger.getLogger(NotificationSender.class);

    private final NotificationOutbox outbox;
    private final Targets targets;
    private final ObjectMapper json;
    private final Clock clock;
    private final NotifyConfig config;
    private final DeliveryBackoff backoff;
    private final ProcessRole role;
    private final Semaphore free;
    private ScheduledExecutorService poller;
    private ExecutorService pool;

    NotificationSender(NotificationOutbox outbox, Targets targets, ObjectMapper json, Clock clock, NotifyConfig config,
                       @ConfigProperty(name = "kairos.role") ProcessRole role) {
        this.outbox = outbox;
        this.targets = targets;
        this.json = json;
        this.clock = clock;
        this.config = config;
        this.backoff = DeliveryBackoff.of(config);
        this.role = role;
        this.free = new Semaphore(config.senders());
    }

    void start(@Observes StartupEvent e) {
        if (!role.schedules()) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(config.senders(), r -> daemon(r, "kairos-notify-" + n.incrementAndGet()));
        poller = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "kairos-notify-poll"));
        long every = config.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (poller != null) {
            poller.shutdownNow();
            pool.shutdownNow();
        }
    }

    /** Looks for due rows now rather than at the next poll. */
    void wake() {
        if (poller != null && !poller.isShutdown()) {
            poller.execute(this::poll);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void poll() {
        int slots = free.availablePermits();
        if (slots == 0) {
            return;
        }
        Instant now = clock.instant();
        List<NotificationOutbox.Due> due;
        try {
            due = outbox.claim(slots, now, now.plus(config.lease()));
        } catch (Exception ex) {
            // the database may be away; the rows wait for the next poll
            LOG.warn("notification outbox not readable: " + ex.getMessage());
            return;
        }
        for (NotificationOutbox.Due d : due) {
            free.acquireUninterruptibly();
            try {
                pool.execute(() -> {
                    try {
                        deliver(d);
                    } finally {
                        free.release();
                    }
                });
            } catch (RuntimeException rejected) {
                free.release(); // shutting down; the lease hands the row to the next start
            }
        }
    }

    private void deliver(NotificationOutbox.Due d) {
        try {
            Notification target = json.readValue(d.target(), Notification.class);
            RunNews news = json.readValue(d.payload(), RunNews.class);
            try {
                targets.deliver(target, news);
            } catch (Exception ex) {
                String error = ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
                Optional<Instant> retry = backoff.next(d.attempt(), clock.instant());
                if (retry.isEmpty()) {
                    LOG.warnf("notification %d (%s of run %d) given up after %d tries: %s", d.id(), news.event(), news.runId(), d.attempt(), error);
                } else {
                    LOG.infof("notification %d: try %d failed, next at %s: %s", d.id(), d.attempt(), retry.get(), error);
                }
                outbox.failed(d, error, retry.orElse(null));
                return;
            }
            outbox.delivered(d, clock.instant());
        } catch (Exception ex) {
            // the outcome could not be recorded: the lease runs out and the row is tried again
            LOG.warnf("notification %d: outcome not recorded: %s", d.id(), ex.getMessage());
        }
    }
}
