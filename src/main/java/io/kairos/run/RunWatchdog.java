package io.kairos.run;

import io.kairos.cluster.ProcessRole;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Watches runs that are going: an attempt past its job's {@code timeoutSeconds} is killed (the run
 * ends TIMED_OUT or is retried), a run past {@code expectedRuntimeSeconds} is marked overdue and
 * announced once. Every check reads PostgreSQL, so a restarted scheduler carries on where the last
 * one stopped.
 */
@ApplicationScoped
public class RunWatchdog {

    private static final Logger LOG = Logger.getLogger(RunWatchdog.class);
    private static final String GOING = """
            SELECT r.id, (j.definition->>'timeoutSeconds')::int, (j.definition->>'expectedRuntimeSeconds')::int,
                   coalesce(a.started_at, a.created_at), r.started_at, r.overdue
            FROM run r JOIN job j ON j.id = r.job_id JOIN attempt a ON a.run_id = r.id AND a.number = r.attempts
            WHERE r.state IN ('STAGING', 'RUNNING') AND r.kill_cause IS NULL
              AND (j.definition->>'timeoutSeconds' IS NOT NULL OR j.definition->>'expectedRuntimeSeconds' IS NOT NULL)""";

    /** A run went past its job's expectedRuntimeSeconds (announced once per run). */
    public record RunOverdue(long runId, int expectedRuntimeSeconds) {
    }

    private final Instance<DataSource> db;
    private final RunService runs;
    private final Clock clock;
    private final Event<RunOverdue> overdue;
    private final ProcessRole role;

    RunWatchdog(Instance<DataSource> db, RunService runs, Clock clock, Event<RunOverdue> overdue,
                @ConfigProperty(name = "kairos.role") ProcessRole role) {
        this.db = db;
        this.runs = runs;
        this.clock = clock;
        this.overdue = overdue;
        this.role = role;
    }

    /**
     * Every {@code kairos.watchdog.interval}, on each scheduler (the checks take row locks, so two schedulers doing
     * it at once change nothing twice). Run by Quarkus' in-memory scheduler, not Quartz: a one-second Quartz job in
     * the clustered JDBC store would add its trigger rows and locks to the firing tick's.
     */
    @Scheduled(identity = "kairos-run-watchdog", every = "${kairos.watchdog.interval:1s}", executeWith = Scheduled.SIMPLE,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        if (!role.schedules()) {
            return;
        }
        Instant now = clock.instant();
        try (Connection c = db.get().getConnection(); PreparedStatement ps = c.prepareStatement(GOING); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long run = rs.getLong(1);
                Integer timeout = (Integer) rs.getObject(2);
                Integer expected = (Integer) rs.getObject(3);
                Instant attemptStart = rs.getObject(4, OffsetDateTime.class).toInstant();
                OffsetDateTime runStart = rs.getObject(5, OffsetDateTime.class);
                if (timeout != null && now.isAfter(attemptStart.plusSeconds(timeout))) {
                    LOG.infof("run %d: attempt ran past timeoutSeconds=%d, killing it", run, timeout);
                    runs.timeOut(run, timeout);
                } else if (expected != null && !rs.getBoolean(6) && runStart != null
                        && now.isAfter(runStart.toInstant().plusSeconds(expected)) && runs.markOverdue(run)) {
                    LOG.warnf("run %d is overdue: still going after expectedRuntimeSeconds=%d", run, expected);
                    overdue.fire(new RunOverdue(run, expected));
                }
            }
        } catch (SQLException | RuntimeException ex) {
            // the database may be away; the next check tries again and loses nothing
            LOG.warn("run watchdog check failed: " + ex.getMessage());
        }
    }
}
