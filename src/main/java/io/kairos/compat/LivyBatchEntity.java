package io.kairos.compat;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A Livy batch: which run it is, and what Livy shows beside the run. The API sees {@link LivyService.BatchView}. */
@Entity
@Table(name = "livy_batch")
public class LivyBatchEntity extends PanacheEntityBase {
    @Id
    @Column(name = "run_id")
    public long runId;
    @Column(name = "job_name")
    public String jobName;
    public String name;
    @Column(name = "proxy_user")
    public String proxyUser;
    @Column(name = "app_id")
    public String appId;
    @Column(name = "created_at")
    public Instant createdAt;
}
