package io.kairos.framework;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

@Entity
@Table(name = "role")
public class RoleEntity extends PanacheEntityBase {
    @Id
    public String name;
    public double weight;
    @Column(name = "quota_cpus")
    public double quotaCpus;
    @Column(name = "quota_mem_mb")
    public long quotaMemMb;
    @Column(name = "quota_disk_mb")
    public long quotaDiskMb;
    @Column(name = "limit_cpus")
    public Double limitCpus;
    @Column(name = "limit_mem_mb")
    public Long limitMemMb;
    @Column(name = "limit_disk_mb")
    public Long limitDiskMb;
    /** {@link io.kairos.job.ContainerPrivilege} names its jobs' containers may be given. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "allow")
    public String[] allow = new String[0];
    @Version
    public long version;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
