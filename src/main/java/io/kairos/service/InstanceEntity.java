package io.kairos.service;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.ColumnTransformer;

import java.time.Instant;

/** One instance of a service: one task on one agent. Its id is the task id (see V71). */
@Entity
@Table(name = "service_instance")
public class InstanceEntity extends PanacheEntityBase {
    @Id
    public Long id;
    @Column(name = "service_id")
    public String serviceId;
    @Column(name = "config_version")
    public long configVersion;
    @Enumerated(EnumType.STRING)
    public InstanceState state;
    @Enumerated(EnumType.STRING)
    public InstanceLifecycle.Health health;
    @Column(name = "health_message")
    public String healthMessage;
    @Column(name = "agent_id")
    public String agentId;
    public String host;
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String task;
    @Column(name = "exit_code")
    public Integer exitCode;
    public String message;
    @Column(name = "stop_reason")
    public String stopReason;
    @Version
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;

    InstanceLifecycle.Facts facts() {
        return new InstanceLifecycle.Facts(state, health, healthMessage, startedAt, stopReason, message, exitCode);
    }
}
