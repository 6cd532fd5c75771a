package io.kairos.run;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.ColumnTransformer;

import java.time.Instant;

@Entity
@Table(name = "run")
public class RunEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "job_id")
    public long jobId;
    @Column(name = "job_name")
    public String jobName;
    public String trigger;
    @Column(name = "scheduled_at")
    public Instant scheduledAt;
    @Enumerated(EnumType.STRING)
    public RunState state;
    public String reason;
    @Column(name = "waiting_for")
    public String waitingFor;
    @Column(name = "exit_code")
    public Integer exitCode;
    @Column(name = "agent_id")
    public String agentId;
    @Column(name = "container_id")
    public String containerId;
    public int attempts;
    @Column(name = "kill_cause")
    @Enumerated(EnumType.STRING)
    public KillCause killCause;
    public int failures;
    @Column(name = "not_before")
    public Instant notBefore;
    public boolean overdue;
    @Version
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    // parameterised runs and backfill (issue #5): the values bound (JSON object; null until bound)
    // and, for a BACKFILL run, how many of the job's backfill runs may go at once
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String params;

    /** Arguments appended to this run's argv (a JSON array), null for none. */
    @Column(name = "extra_args", columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String extraArgs;
    @Column(name = "max_parallel")
    public Integer maxParallel;

    /** Every state change of a run goes through here, so the table in {@link RunState} is always obeyed. */
    public void moveTo(RunState to, Instant at) {
        RunState.check(state, to);
        state = to;
        if (to != RunState.PENDING) {
            waitingFor = null;
        }
        if (to == RunState.RUNNING && startedAt == null) {
            startedAt = at;
        }
        if (to.isTerminal()) {
            finishedAt = at;
        }
    }
}
