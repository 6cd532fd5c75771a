package io.kairos.service;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.ColumnTransformer;

import java.time.Instant;

/** The service row; the API sees {@link ServiceView}. */
@Entity
@Table(name = "service")
public class ServiceEntity extends PanacheEntityBase {
    @Id
    public String id;
    public String owner;
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String definition;
    @Column(name = "config_version")
    public long configVersion;
    public int failures;
    @Column(name = "launch_delay_until")
    public Instant launchDelayUntil;
    public boolean deleting;
    @Column(name = "waiting_for")
    public String waitingFor;
    @Version
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
