package io.kairos.schedule.firing;

import io.kairos.run.NewRuns;

import io.kairos.schedule.CatchUp;
import io.kairos.schedule.ScheduleSpec;
import io.kairos.schedule.SlotPlanner;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import jakarta.enterprise.inject.Instance;
import java.util.function.Supplier;
import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns due slots into run rows. One sweep claims every job whose next slot has come
 * ({@code FOR NO KEY UPDATE SKIP LOCKED}, so schedulers sweeping together split the work), records all
 * their slots in one multi-row INSERT ({@code ON CONFLICT DO NOTHING} on the unique slot key, so a
 * slot is recorded once whoever records it) and advances every job's next slot in one UPDATE.
 * A sweep does no other work: placing and launching runs happen elsewhere.
 */
@ApplicationScoped
public class SlotRecorder {

    private static final Logger LOG = Logger.getLogger(SlotRecorder.class);
    private static final String CLAIM = """
            SELECT id, name, schedule_cron, schedule_iso8601, schedule_timezone, starting_deadline_s, catch_up, next_fire_at
            FROM job WHERE next_fire_at <= ? ORDER BY next_fire_at LIMIT ? FOR NO KEY UPDATE SKIP LOCKED""";
    private static final String INSERT = """
            INSERT INTO run (job_id, job_name, trigger, scheduled_at, state, reason, created_at, finished_at)
            VALUES (?, ?, 'SCHEDULE', ?, ?, ?, ?, ?)
            ON CONFLICT (job_id, scheduled_at) WHERE trigger = 'SCHEDULE' DO NOTHING""";
    private static final String ADVANCE = """
            UPDATE job SET next_fire_at = v.next, version = version + 1
            FROM unnest(?::bigint[], ?::text[]::timestamptz[]) AS v(id, next) WHERE job.id = v.id""";

    /** Looked up on use: in the agent role the datasource is inactive, and only a lookup may refer to it. */
    private final Supplier<DataSource> db;
    private final ScheduleCache schedules;
    private final Duration lateAfter;
    private final int batch;

    /** For tests and benchmarks, outside CDI. */
    public SlotRecorder(DataSource db, ScheduleCache schedules, Duration lateAfter, int batch) {
        this(() -> db, schedules, lateAfter, batch);
    }

    @jakarta.inject.Inject
    SlotRecorder(Instance<DataSource> db, ScheduleCache schedules,
                 @ConfigProperty(name = "kairos.firing.late-after", defaultValue = "60s") Duration lateAfter,
                 @ConfigProperty(name = "kairos.firing.batch", defaultValue = "20000") int batch) {
        this(db::get, schedules, lateAfter, batch);
    }

    private SlotRecorder(Supplier<DataSource> db, ScheduleCache schedules, Duration lateAfter, int batch) {
        this.db = db;
        this.schedules = schedules;
        this.lateAfter = lateAfter;
        this.batch = batch;
    }

    /** What one sweep did; {@code queuedSlots}: the slot of each run it queued, for the firing lag. */
    public record Sweep(int jobs, int runs, int skipped, List<Instant> queuedSlots) {
        public static final Sweep NONE = new Sweep(0, 0, 0, List.of());
    }

    /** Records every slot due at or before {@code now}. */
    public Sweep sweep(Instant now) throws SQLException {
        try (Connection c = db.get().getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Sweep s = sweep(c, now);
                c.commit();
                return s;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    private Sweep sweep(Connection c, Instant now) throws SQLException {
        List<Long> ids = new ArrayList<>();
        // instants travel as ISO-8601 text or OffsetDateTime, never java.sql.Timestamp: a Timestamp
        // in an array is written as local wall time, ambiguous in a fall-back hour
        List<String> nexts = new ArrayList<>();
        Map<PlanKey, Optional<SlotPlanner.Plan>> plans = new HashMap<>();
        List<Instant> queuedSlots = new ArrayList<>();
        int skipped = 0;
        OffsetDateTime created = utc(now);
        try (PreparedStatement claim = c.prepareStatement(CLAIM); PreparedStatement insert = c.prepareStatement(INSERT)) {
            claim.setObject(1, utc(now));
            claim.setInt(2, batch);
            try (ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    String name = rs.getString(2);
                    ScheduleSpec spec = new ScheduleSpec(rs.getString(3), rs.getString(4), rs.getString(5));
                    int deadline = rs.getInt(6);
                    Duration startingDeadline = rs.wasNull() ? null : Duration.ofSeconds(deadline);
                    CatchUp catchUp = CatchUp.valueOf(rs.getString(7));
                    Instant due = rs.getObject(8, OffsetDateTime.class).toInstant();
                    // at midnight thousands of jobs share schedule and slot: plan each combination once
                    Optional<SlotPlanner.Plan> plan = plans.computeIfAbsent(new PlanKey(spec, due, startingDeadline, catchUp),
                            k -> planFor(name, spec, due, now, startingDeadline, catchUp));
                    ids.add(id);
                    nexts.add(plan.flatMap(SlotPlanner.Plan::next).map(Instant::toString).orElse(null));
                    for (SlotPlanner.Slot s : plan.map(SlotPlanner.Plan::slots).orElse(List.of())) {
                        boolean run = s.outcome() == SlotPlanner.Outcome.RUN;
                        insert.setLong(1, id);
                        insert.setString(2, name);
                        insert.setObject(3, utc(s.at()));
                        insert.setString(4, NewRuns.slot(run).name());
                        insert.setString(5, s.reason());
                        insert.setObject(6, created);
                        insert.setObject(7, run ? null : created, Types.TIMESTAMP_WITH_TIMEZONE);
                        insert.addBatch();
                        if (run) {
                            queuedSlots.add(s.at());
                        } else {
                            skipped++;
                        }
                    }
                }
            }
            if (ids.isEmpty()) {
                return Sweep.NONE;
            }
            insert.executeBatch();
        }
        try (PreparedStatement advance = c.prepareStatement(ADVANCE)) {
            Array idArray = c.createArrayOf("bigint", ids.toArray());
            Array nextArray = c.createArrayOf("text", nexts.toArray());
            advance.setArray(1, idArray);
            advance.setArray(2, nextArray);
            advance.executeUpdate();
        }
        return new Sweep(ids.size(), queuedSlots.size(), skipped, queuedSlots);
    }

    private record PlanKey(ScheduleSpec spec, Instant due, Duration deadline, CatchUp catchUp) {
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private Optional<SlotPlanner.Plan> planFor(String job, ScheduleSpec spec, Instant due, Instant now,
                                               Duration deadline, CatchUp catchUp) {
        try {
            return schedules.get(spec).map(s -> SlotPlanner.plan(s, due, now, lateAfter, deadline, catchUp));
        } catch (RuntimeException e) {
            // a schedule that parsed when it was saved no longer does (a time zone removed from
            // the JDK's database, say): stop firing it rather than stall every other job
            LOG.errorf("job %s: schedule %s cannot be evaluated any more, not firing it: %s", job, spec, e.getMessage());
            return Optional.empty();
        }
    }
}
