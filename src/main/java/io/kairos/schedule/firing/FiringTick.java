package io.kairos.schedule.firing;

import io.kairos.cluster.ProcessRole;
import io.kairos.run.RunEvents;
import io.kairos.run.RunMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import jakarta.enterprise.inject.Instance;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The Quartz binding: one clustered Quartz trigger (JDBC store, so one scheduler of a cluster takes
 * each tick and a dead one's ticks are taken over) sweeps due slots every {@code kairos.firing.tick}.
 * Within its tick it sleeps until the next slot comes due and sweeps again, so slots are recorded
 * within milliseconds of their time rather than up to a tick late.
 */
@ApplicationScoped
public class FiringTick {

    private static final Logger LOG = Logger.getLogger(FiringTick.class);
    private static final long IDLE_BACKOFF_MS = 50;

    private final SlotRecorder recorder;
    /** An Instance: in the agent role the datasource is inactive, and only a lookup may refer to it. */
    private final Instance<DataSource> db;
    private final Clock clock;
    private final Event<RunEvents.RunsQueued> queued;
    private final Duration tick;
    private final ProcessRole role;
    private final RunMetrics runMetrics;
    private final Counter fires;
    private final Timer lag;

    FiringTick(SlotRecorder recorder, Instance<DataSource> db, Clock clock, Event<RunEvents.RunsQueued> queued,
               @ConfigProperty(name = "kairos.firing.tick", defaultValue = "1s") Duration tick,
               @ConfigProperty(name = "kairos.role") ProcessRole role, MeterRegistry registry, RunMetrics runMetrics) {
        this.recorder = recorder;
        this.db = db;
        this.clock = clock;
        this.queued = queued;
        this.tick = tick;
        this.role = role;
        this.runMetrics = runMetrics;
        this.fires = Counter.builder("kairos.fires").description("Schedule slots recorded as runs to start").register(registry);
        this.lag = Timer.builder("kairos.firing.lag").description("From a slot's time to its run being recorded")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
    }

    @Scheduled(identity = "kairos-firing", every = "${kairos.firing.tick:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onTick() {
        if (!role.schedules()) {
            return;
        }
        Instant end = clock.instant().plus(tick).minusMillis(50);
        try {
            while (true) {
                Instant now = clock.instant();
                SlotRecorder.Sweep s = recorder.sweep(now);
                record(s);
                if (s.runs() > 0) {
                    queued.fire(new RunEvents.RunsQueued(s.runs()));
                }
                Instant next = nextDue();
                if (next == null || next.isAfter(end)) {
                    return;
                }
                long waitMicros = Duration.between(clock.instant(), next).toNanos() / 1000;
                if (waitMicros > 0) {
                    // round up: waking a millisecond early only finds nothing due yet
                    Thread.sleep(waitMicros / 1000 + 1);
                } else if (s.jobs() == 0) {
                    // something is due but another scheduler holds it: give it time to commit
                    Thread.sleep(IDLE_BACKOFF_MS);
                }
            }
        } catch (SQLException e) {
            // the database is away (restart, failover): the next tick tries again; nothing was
            // recorded half-way because a sweep is one transaction
            LOG.warn("firing sweep failed, retrying next tick: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The sweep has committed: its slots count as fired, their lag is now. */
    private void record(SlotRecorder.Sweep s) {
        Instant recorded = clock.instant();
        fires.increment(s.runs());
        s.queuedSlots().forEach(slot -> lag.record(Duration.between(slot, recorded)));
        if (s.skipped() > 0) {
            runMetrics.skippedAtFiring(s.skipped());
        }
    }

    private Instant nextDue() throws SQLException {
        try (Connection c = db.get().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT min(next_fire_at) FROM job");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getObject(1) != null ? rs.getObject(1, java.time.OffsetDateTime.class).toInstant() : null;
        }
    }
}
