package io.kairos.bench;

import io.agroal.api.AgroalDataSource;
import io.kairos.schedule.firing.ScheduleCache;
import io.kairos.schedule.firing.SlotRecorder;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Kairos' side: {@code jobs} jobs in the real schema, all due at the same whole second T, recorded by
 * the real {@link SlotRecorder} driven the way {@code FiringTick} drives it (sweep; ask for the next
 * due slot; sleep until it; sweep again), once per round with a fresh slot.
 */
final class KairosSide {

    /** How long after T a round may take before the benchmark gives up on it. */
    private static final Duration ROUND_BOUND = Duration.ofSeconds(60);
    /** FiringTick's tick starts at some point before the slot; here 400 ms before it. */
    private static final Duration TICK_LEAD = Duration.ofMillis(400);

    /**
     * One round.
     *
     * @param schedulers          Kairos schedulers sweeping the same database at once
     * @param firstSweepAfterSlot when the first sweep that found work started, after T
     * @param allRecordedAfterSlot when the sweep that recorded the last of the slot's runs had committed, after T
     * @param sweepTime          time spent in sweeps that found work
     * @param sweeps             sweeps that found work
     * @param emptySweeps        sweeps that found nothing (before T, or racing it)
     */
    record Round(int number, boolean warmUp, int schedulers, Instant slot, Duration firstSweepAfterSlot, Duration allRecordedAfterSlot,
                 Duration sweepTime, int sweeps, int emptySweeps, int jobsWithOneRun, int missed, int doubled,
                 List<Duration> runLags) {
    }

    record Result(int jobs, List<Round> rounds) {

        List<Round> measured() {
            return rounds.stream().filter(r -> !r.warmUp() && r.schedulers() == 1).toList();
        }
    }

    private final AgroalDataSource db;
    private final int jobs;
    private final Clock clock = Clock.systemUTC();
    private final SlotRecorder recorder;

    private KairosSide(AgroalDataSource db, int jobs) {
        this.db = db;
        this.jobs = jobs;
        // the app's defaults: kairos.firing.late-after=60s, kairos.firing.batch=20000
        this.recorder = new SlotRecorder(db, new ScheduleCache(), Duration.ofSeconds(60), 20_000);
    }

    /**
     * Migrates the database, inserts the jobs, runs a warm-up round, {@code rounds} measured ones
     * and a last one with two schedulers sweeping together (not in the median).
     */
    static Result run(String jdbcUrl, String user, String password, int jobs, int rounds) throws SQLException, InterruptedException {
        Flyway.configure().dataSource(jdbcUrl, user, password).locations("classpath:db/migration").load().migrate();
        try (AgroalDataSource db = Pools.open(jdbcUrl, user, password, 4)) {
            KairosSide side = new KairosSide(db, jobs);
            side.insertJobs();
            List<Round> done = new ArrayList<>();
            for (int i = 0; i <= rounds + 1; i++) {
                Round r = side.round(i, i == 0, i == rounds + 1 ? 2 : 1);
                done.add(r);
                System.out.printf("kairos round %d%s, %d scheduler(s): all %d recorded %s after T (first sweep +%s, %d sweep(s) %s, %d empty); missed %d, doubled %d%n",
                        i, r.warmUp() ? " (warm-up)" : "", r.schedulers(), r.jobsWithOneRun(), Lag.s(r.allRecordedAfterSlot()),
                        Lag.s(r.firstSweepAfterSlot()), r.sweeps(), Lag.s(r.sweepTime()), r.emptySweeps(), r.missed(), r.doubled());
            }
            return new Result(jobs, done);
        }
    }

    private void insertJobs() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            // next_fire_at and the cron are set per round; the name is what the run rows carry
            s.executeUpdate("""
                    INSERT INTO job (name, enabled, definition, schedule_cron, schedule_timezone, catch_up, next_fire_at, created_at, updated_at)
                    SELECT 'bench-' || lpad(g::text, 5, '0'), true, '{}'::jsonb, NULL, 'UTC', 'LATEST', NULL, now(), now()
                    FROM generate_series(1, %d) g""".formatted(jobs));
        }
    }

    private Round round(int number, boolean warmUp, int schedulers) throws SQLException, InterruptedException {
        Instant slot = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(3);
        prepare(slot);
        sleepUntil(slot.minus(TICK_LEAD));
        List<Tick> ticks = new ArrayList<>();
        if (schedulers == 1) {
            ticks.add(tick(recorder, slot));
        } else {
            // several Kairos schedulers on one database: each its own recorder, ticking together
            ExecutorService pool = Executors.newFixedThreadPool(schedulers);
            try {
                List<Future<Tick>> running = new ArrayList<>();
                for (int i = 0; i < schedulers; i++) {
                    SlotRecorder own = new SlotRecorder(db, new ScheduleCache(), Duration.ofSeconds(60), 20_000);
                    running.add(pool.submit(() -> tick(own, slot)));
                }
                for (Future<Tick> f : running) {
                    ticks.add(f.get(ROUND_BOUND.toSeconds() * 2, TimeUnit.SECONDS));
                }
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("a scheduler's tick failed", e);
            } finally {
                pool.shutdownNow();
            }
        }
        Instant first = ticks.stream().map(Tick::firstSweep).filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
        Instant last = ticks.stream().map(Tick::lastCommit).filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
        int[] check = check(slot);
        return new Round(number, warmUp, schedulers, slot,
                first == null ? null : Duration.between(slot, first),
                last == null ? null : Duration.between(slot, last),
                ticks.stream().map(Tick::sweepTime).reduce(Duration.ZERO, Duration::plus),
                ticks.stream().mapToInt(Tick::sweeps).sum(), ticks.stream().mapToInt(Tick::emptySweeps).sum(),
                check[0], check[1], check[2], ticks.stream().flatMap(t -> t.runLags().stream()).toList());
    }

    /** What one scheduler's tick did in a round. */
    private record Tick(Instant firstSweep, Instant lastCommit, Duration sweepTime, int sweeps, int emptySweeps,
                        List<Duration> runLags) {
    }

    /** FiringTick.onTick, with the tick's end replaced by "the slot is fully recorded". */
    private Tick tick(SlotRecorder recorder, Instant slot) throws SQLException, InterruptedException {
        Instant firstSweep = null;
        Instant lastCommit = null;
        Duration sweepTime = Duration.ZERO;
        int sweeps = 0;
        int empty = 0;
        List<Duration> runLags = new ArrayList<>();
        Instant bound = slot.plus(ROUND_BOUND);
        while (true) {
            Instant now = clock.instant();
            SlotRecorder.Sweep s = recorder.sweep(now);
            Instant committed = clock.instant();
            if (s.jobs() > 0) {
                firstSweep = firstSweep == null ? now : firstSweep;
                lastCommit = committed;
                sweepTime = sweepTime.plus(Duration.between(now, committed));
                sweeps++;
                for (int i = 0; i < s.runs(); i++) {
                    runLags.add(Duration.between(slot, committed));
                }
            } else {
                empty++;
            }
            Instant next = nextDue();
            if (next == null || next.isAfter(slot) || committed.isAfter(bound)) {
                return new Tick(firstSweep, lastCommit, sweepTime, sweeps, empty, runLags);
            }
            long waitMs = Duration.between(clock.instant(), next).toMillis();
            if (waitMs > 0) {
                Thread.sleep(waitMs);
            }
        }
    }

    /**
     * Every job due at {@code slot}: a daily cron at the slot's time of day (UTC), the slot as its next
     * fire time. Then what autovacuum would do after rewriting every row.
     */
    private void prepare(Instant slot) throws SQLException {
        OffsetDateTime t = slot.atOffset(ZoneOffset.UTC);
        String cron = "%d %d %d * * *".formatted(t.getSecond(), t.getMinute(), t.getHour());
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE job SET schedule_cron = ?, next_fire_at = ?")) {
                ps.setString(1, cron);
                ps.setObject(2, t);
                ps.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE job, run");
            }
        }
    }

    /** The query FiringTick.nextDue runs. */
    private Instant nextDue() throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT min(next_fire_at) FROM job");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getTimestamp(1) != null ? rs.getTimestamp(1).toInstant() : null;
        }
    }

    /**
     * {jobs with exactly one run for the slot, and it pending; jobs with no pending run for it
     * (missed, or recorded as skipped); jobs with more than one}.
     */
    private int[] check(Instant slot) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT count(*) FILTER (WHERE n = 1 AND pending = 1), count(*) FILTER (WHERE pending = 0), count(*) FILTER (WHERE n > 1)
                FROM (SELECT j.id, count(r.id) AS n, count(r.id) FILTER (WHERE r.state = 'PENDING') AS pending FROM job j
                      LEFT JOIN run r ON r.job_id = j.id AND r.trigger = 'SCHEDULE' AND r.scheduled_at = ?
                      GROUP BY j.id) per_job""")) {
            ps.setObject(1, slot.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3)};
            }
        }
    }

    private void sleepUntil(Instant t) throws InterruptedException {
        long ms = Duration.between(clock.instant(), t).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
