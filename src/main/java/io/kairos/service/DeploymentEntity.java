package io.kairos.service;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A deployment's row (see V72). */
@Entity
@Table(name = "deployment")
public class DeploymentEntity extends PanacheEntityBase {

    /** What changed. */
    public enum Kind { CREATE, SCALE, UPGRADE, RESTART, ROLLBACK, DELETE }

    /**
     * RUNNING until the service is as it says; then SUCCEEDED, or SUPERSEDED by a newer change, or CANCELLED. The moves
     * are {@link DeploymentLifecycle}'s: an ended deployment stays as it ended.
     */
    public enum State {
        RUNNING, SUCCEEDED, SUPERSEDED, CANCELLED
    }

    @Id
    public UUID id;
    @Column(name = "service_id")
    public String serviceId;
    @Enumerated(EnumType.STRING)
    public Kind kind;
    @Enumerated(EnumType.STRING)
    public State state;
    @Column(name = "from_config")
    public Long fromConfig;
    @Column(name = "to_config")
    public long toConfig;
    @Column(name = "from_instances")
    public Integer fromInstances;
    public int instances;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    public String detail;

    /** Whether it replaces what the instances run (and so can be rolled back to {@link #fromConfig}). */
    boolean changesTask() {
        return kind == Kind.UPGRADE || kind == Kind.RESTART || kind == Kind.ROLLBACK;
    }
}
