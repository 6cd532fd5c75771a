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
@Table(name = "attempt")
public class AttemptEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "run_id")
    public long runId;
    public int number;
    /** Changed only by {@link RunTransitions}. */
    @Enumerated(EnumType.STRING)
    private AttemptState state;
    @Column(name = "agent_id")
    public String agentId;
    @Column(name = "container_id")
    public String containerId;
    @Column(name = "exit_code")
    public Integer exitCode;
    public String message;
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String task;
    @Column(name = "stdout_bytes")
    public long stdoutBytes;
    @Column(name = "stderr_bytes")
    public long stderrBytes;
    @Column(name = "log_truncated")
    public boolean logTruncated;
    @Version
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;

    public AttemptState state() {
        return state;
    }

    /** Attempt {@code number} of a run, staging on {@code agentId}: the one way an attempt is born. */
    static AttemptEntity staged(long runId, int number, String agentId, Instant at) {
        AttemptEntity a = new AttemptEntity();
        a.runId = runId;
        a.number = number;
        a.state = AttemptState.STAGING;
        a.agentId = agentId;
        a.createdAt = at;
        a.task = "{}";
        return a;
    }

    void moveTo(AttemptState to, Instant at) {
        AttemptState.check(state, to);
        state = to;
        if (to == AttemptState.RUNNING && startedAt == null) {
            startedAt = at;
        }
        if (to.isTerminal()) {
            finishedAt = at;
        }
    }
}
