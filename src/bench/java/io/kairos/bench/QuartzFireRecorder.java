package io.kairos.bench;

import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneOffset;

/**
 * The peer's job: it only records its fire, one row per execution (no unique key, so a double fire
 * shows). {@code recorded_at} is the database's clock, the same clock Kairos' side is checked by.
 */
public class QuartzFireRecorder implements Job {

    /** Quartz instantiates jobs itself; the benchmark sets this before it starts the scheduler. */
    static volatile DataSource log;

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try (Connection c = log.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO fire_log (job_name, scheduled_at, fired_at, recorded_at) VALUES (?, ?, ?, clock_timestamp())")) {
            ps.setString(1, context.getJobDetail().getKey().getName());
            // Quartz's API speaks java.util.Date; it becomes an instant right here
            ps.setObject(2, context.getScheduledFireTime().toInstant().atOffset(ZoneOffset.UTC));
            ps.setObject(3, context.getFireTime().toInstant().atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new JobExecutionException(e);
        }
    }
}
