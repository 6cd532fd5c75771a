package io.kairos.job;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.ColumnTransformer;

import java.time.Instant;

/** The job row. The API never sees it: {@link JobService} maps it to {@link JobDefinition} and views. */
@Entity
@Table(name = "job")
public class JobEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String name;
    public String owner;
    public String description;
    public String command;
    public boolean enabled;
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String definition;
    @Column(name = "schedule_cron")
    public String scheduleCron;
    @Column(name = "schedule_iso8601")
    public String scheduleIso8601;
    @Column(name = "schedule_timezone")
    public String scheduleTimezone;
    @Column(name = "starting_deadline_s")
    public Integer startingDeadlineSeconds;
    @Column(name = "catch_up")
    public String catchUp;
    @Column(name = "next_fire_at")
    public Instant nextFireAt;
    @Version
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
