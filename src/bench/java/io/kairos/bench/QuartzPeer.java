package io.kairos.bench;

import io.agroal.api.AgroalDataSource;
import org.flywaydb.core.Flyway;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The peer: plain Quartz 2.5.2, JDBC store (JobStoreTX, PostgreSQLDelegate), clustered, on the same
 * PostgreSQL server in a database of its own; one job with one SimpleTrigger firing once at T per
 * Kairos job. Everything else is Quartz's default (misfireThreshold 60 s, smart misfire policy, which
 * for a one-shot SimpleTrigger means "fire now").
 */
final class QuartzPeer {

    static final Duration MISFIRE_THRESHOLD = Duration.ofSeconds(60);
    private static final Duration START_LEAD = Duration.ofSeconds(3);

    /**
     * @param load               time to store the jobs and triggers (one scheduleJobs call)
     * @param allRecordedAfterSlot when the last row was written, after T; null when some are missing
     * @param fireLag            Quartz's fire time minus T, per fire
     * @param beyondThreshold    fires more than misfireThreshold after T
     * @param misfireHandled     fires whose scheduled time Quartz's misfire handling had moved off T
     * @param firesPerSecond     fires over the span from the first fire to the last row
     */
    record Result(QuartzVariant variant, int jobs, Duration load, int jobsFired, int missing, int doubled,
                  Duration allRecordedAfterSlot, Lag fireLag, int beyondThreshold, int misfireHandled,
                  double firesPerSecond) {
    }

    private final QuartzVariant variant;
    private final int port;
    private final String user;
    private final String password;
    private final int jobs;
    private final Duration bound;
    private final Clock clock = Clock.systemUTC();

    QuartzPeer(QuartzVariant variant, int port, String user, String password, int jobs, Duration bound) {
        this.variant = variant;
        this.port = port;
        this.user = user;
        this.password = password;
        this.jobs = jobs;
        this.bound = bound;
    }

    Result run() throws SQLException, SchedulerException, InterruptedException {
        String database = "quartz_" + variant.name();
        createDatabase(database);
        String url = Pools.url(port, database);
        // V1 is Quartz's own tables_postgres.sql
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").target("1").load().migrate();
        try (AgroalDataSource db = Pools.open(url, user, password, variant.threads() + 2)) {
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE fire_log (job_name TEXT NOT NULL, scheduled_at TIMESTAMPTZ NOT NULL, "
                        + "fired_at TIMESTAMPTZ NOT NULL, recorded_at TIMESTAMPTZ NOT NULL)");
            }
            QuartzFireRecorder.log = db;
            Scheduler scheduler = new StdSchedulerFactory(properties(url)).getScheduler();
            try {
                Instant loadStart = clock.instant();
                scheduler.scheduleJobs(jobsAndTriggers(), false);
                Duration load = Duration.between(loadStart, clock.instant());
                Instant slot = clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(START_LEAD).plusSeconds(2);
                moveTriggersTo(db, slot);
                System.out.printf("quartz %s: %d jobs and triggers stored in %s; firing at T=%s%n", variant.name(), jobs, Lag.s(load), slot);
                sleepUntil(slot.minus(START_LEAD));
                scheduler.start();
                awaitRows(db, slot);
                scheduler.shutdown(true);
                return result(db, slot, load);
            } finally {
                if (!scheduler.isShutdown()) {
                    scheduler.shutdown(false);
                }
            }
        }
    }

    private Properties properties(String url) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "bench-" + variant.name());
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", String.valueOf(variant.batchMax()));
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(variant.threads()));
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(MISFIRE_THRESHOLD.toMillis()));
        String ds = "qz_" + variant.name();
        p.setProperty("org.quartz.jobStore.dataSource", ds);
        p.setProperty("org.quartz.dataSource." + ds + ".connectionProvider.class", QuartzConnections.class.getName());
        p.setProperty("org.quartz.dataSource." + ds + ".url", url);
        p.setProperty("org.quartz.dataSource." + ds + ".user", user);
        p.setProperty("org.quartz.dataSource." + ds + ".password", password);
        // Quartz's advice: a connection per worker thread plus a few for its own threads
        p.setProperty("org.quartz.dataSource." + ds + ".maxConnections", String.valueOf(variant.threads() + 3));
        return p;
    }

    /** One job and one fire-once SimpleTrigger each, stored far in the future, moved to T once all are in. */
    private Map<JobDetail, Set<? extends Trigger>> jobsAndTriggers() {
        Date parked = Date.from(clock.instant().plus(Duration.ofDays(1)));
        Map<JobDetail, Set<? extends Trigger>> all = new LinkedHashMap<>();
        for (int i = 1; i <= jobs; i++) {
            String name = "bench-%05d".formatted(i);
            JobDetail job = JobBuilder.newJob(QuartzFireRecorder.class).withIdentity(name, "bench").build();
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(name, "bench").forJob(job)
                    .startAt(parked).withSchedule(SimpleScheduleBuilder.simpleSchedule()).build();
            all.put(job, Set.of(trigger));
        }
        return all;
    }

    /**
     * Storing 10,000 triggers takes longer than the lead we want before T, so they are stored parked
     * and then given T in one statement: the same rows scheduleJobs would have written with startAt(T).
     */
    private void moveTriggersTo(AgroalDataSource db, Instant slot) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE qrtz_triggers SET start_time = ?, next_fire_time = ? WHERE sched_name = ?")) {
            ps.setLong(1, slot.toEpochMilli());
            ps.setLong(2, slot.toEpochMilli());
            ps.setString(3, "bench-" + variant.name());
            int moved = ps.executeUpdate();
            if (moved != jobs) {
                throw new IllegalStateException("moved " + moved + " triggers, expected " + jobs);
            }
        }
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            // what autovacuum would have done by then; without statistics the acquisition query
            // plans for empty tables (Kairos' side gets the same after rewriting its jobs)
            s.execute("VACUUM ANALYZE qrtz_triggers, qrtz_simple_triggers, qrtz_job_details, qrtz_fired_triggers, qrtz_locks");
        }
    }

    private void awaitRows(AgroalDataSource db, Instant slot) throws SQLException, InterruptedException {
        Instant deadline = slot.plus(bound);
        Instant nextReport = slot.plusSeconds(10);
        while (true) {
            int rows = count(db);
            Instant now = clock.instant();
            if (rows >= jobs || now.isAfter(deadline)) {
                return;
            }
            if (now.isAfter(nextReport)) {
                System.out.printf("quartz %s: %d of %d fired %s after T%n", variant.name(), rows, jobs, Lag.s(Duration.between(slot, now)));
                nextReport = nextReport.plusSeconds(10);
            }
            Thread.sleep(200);
        }
    }

    private int count(AgroalDataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM fire_log")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private Result result(AgroalDataSource db, Instant slot, Duration load) throws SQLException {
        Map<String, Integer> perJob = new HashMap<>();
        List<Duration> lags = new ArrayList<>();
        int beyond = 0;
        int moved = 0;
        Instant firstFire = null;
        Instant lastRow = null;
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT job_name, scheduled_at, fired_at, recorded_at FROM fire_log")) {
            while (rs.next()) {
                perJob.merge(rs.getString(1), 1, Integer::sum);
                Instant scheduled = rs.getTimestamp(2).toInstant();
                Instant fired = rs.getTimestamp(3).toInstant();
                Instant recorded = rs.getTimestamp(4).toInstant();
                Duration lag = Duration.between(slot, fired);
                lags.add(lag);
                beyond += lag.compareTo(MISFIRE_THRESHOLD) > 0 ? 1 : 0;
                moved += scheduled.equals(slot) ? 0 : 1;
                firstFire = firstFire == null || fired.isBefore(firstFire) ? fired : firstFire;
                lastRow = lastRow == null || recorded.isAfter(lastRow) ? recorded : lastRow;
            }
        }
        int missing = jobs - perJob.size();
        int doubled = (int) perJob.values().stream().filter(n -> n > 1).count();
        double rate = firstFire == null ? 0 : lags.size() / Math.max(0.001, Duration.between(firstFire, lastRow).toNanos() / 1e9);
        Result r = new Result(variant, jobs, load, perJob.size(), missing, doubled,
                missing == 0 && lastRow != null ? Duration.between(slot, lastRow) : null,
                Lag.of(lags), beyond, moved, rate);
        System.out.printf("quartz %s: %d fired, %d missing, %d doubled; all recorded %s after T; lag p50 %s p99 %s; %d beyond misfireThreshold, %d misfire-handled; %.0f fires/s%n",
                variant.name(), r.jobsFired(), missing, doubled, Lag.s(r.allRecordedAfterSlot()), Lag.s(r.fireLag().p50()),
                Lag.s(r.fireLag().p99()), beyond, moved, rate);
        return r;
    }

    private void createDatabase(String name) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(Pools.url(port, "postgres"), user, password);
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
    }

    private void sleepUntil(Instant t) throws InterruptedException {
        long ms = Duration.between(clock.instant(), t).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
