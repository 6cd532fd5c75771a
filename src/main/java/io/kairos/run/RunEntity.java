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
    /** Changed only by {@link RunTransitions} (through {@link #absorb}) and set once by {@link NewRuns}. */
    @Enumerated(EnumType.STRING)
    private RunState state;
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
    @Column(name = "lost_attempts")
    public int lostAttempts;
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

    /** The arguments appended to this run's argv, none when it has none. */
    java.util.List<String> extraArgs(com.fasterxml.jackson.databind.ObjectMapper json) {
        if (extraArgs == null) {
            return java.util.List.of();
        }
        try {
            return java.util.List.of(json.readValue(extraArgs, String[].class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("extra arguments of run " + id + " are unreadable", e);
        }
    }

    public RunState state() {
        return state;
    }

    /** A new run, in the state runs are born in ({@link NewRuns} is the one caller). */
    RunEntity(RunState born) {
        state = born;
    }

    /** For Hibernate. */
    protected RunEntity() {
    }

    /** The run as {@link RunLifecycle} sees it, with the state of its newest attempt. */
    RunFacts facts(AttemptState attempt) {
        return new RunFacts(state, killCause, failures, lostAttempts, attempts, attempt, agentId, reason, exitCode, notBefore,
                containerId);
    }

    /** Takes what a transition decided; only {@link RunTransitions} calls it, once the tables allowed the move. */
    void absorb(RunFacts f, Instant at) {
        if (f.state() != RunState.PENDING) {
            waitingFor = null;
        }
        if (f.state() == RunState.RUNNING && startedAt == null) {
            startedAt = at;
        }
        if (f.state().isTerminal() && finishedAt == null) {
            finishedAt = at;
        }
        state = f.state();
        killCause = f.killCause();
        failures = f.failures();
        lostAttempts = f.lostAttempts();
        attempts = f.attempts();
        agentId = f.agentId();
        reason = f.reason();
        exitCode = f.exitCode();
        notBefore = f.notBefore();
        containerId = f.containerId();
    }
}
