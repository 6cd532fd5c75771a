package io.kairos.run;

import io.kairos.cluster.ProcessRole;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus metrics of runs: every run that reaches a final state is counted by that state, and a
 * run that ran has its duration observed per job. Recorded when the ending's transaction commits,
 * so a rolled-back ending (the agent re-sends it) counts once.
 */
@ApplicationScoped
public class RunMetrics {

    /** Run durations are rarely sub-second and often hours: buckets for that range, not Micrometer's defaults. */
    private static final Duration[] BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12), Duration.ofHours(24)};

    private final MeterRegistry registry;
    private final TransactionSynchronizationRegistry transactions;
    private final RunSummaries summaries;
    private final boolean perJob;
    private final ProcessRole role;
    private final Map<RunState, Counter> ended = new EnumMap<>(RunState.class);

    RunMetrics(MeterRegistry registry, TransactionSynchronizationRegistry transactions, RunSummaries summaries,
               @ConfigProperty(name = "kairos.metrics.run-duration-per-job", defaultValue = "true") boolean perJob,
               @ConfigProperty(name = "kairos.role") ProcessRole role) {
        this.registry = registry;
        this.transactions = transactions;
        this.summaries = summaries;
        this.perJob = perJob;
        this.role = role;
        for (RunState s : RunState.values()) {
            if (s.isTerminal()) {
                ended.put(s, Counter.builder("kairos.runs.ended").description("Runs that reached a final state, by that state")
                        .tag("state", s.name()).register(registry));
            }
        }
    }

    void start(@Observes StartupEvent e) {
        if (!role.schedules()) {
            return;
        }
        // read at each scrape: the queue's length is the database's, whichever scheduler queued the runs
        Gauge.builder("kairos.queue.pending", summaries, s -> s.countInStates(List.of(RunState.PENDING)))
                .description("Runs waiting in the queue (PENDING)").register(registry);
    }

    /** {@code r} has just moved to a final state in the current transaction (or outside one). */
    void ended(RunEntity r) {
        RunState state = r.state();
        String job = r.jobName;
        Duration ran = r.startedAt == null || r.finishedAt == null ? null : Duration.between(r.startedAt, r.finishedAt);
        afterCommit(() -> {
            ended.get(state).increment();
            if (ran != null) {
                Timer.builder("kairos.run.duration").description("How long runs ran, from RUNNING to their end")
                        .tag("job", perJob ? job : "all").serviceLevelObjectives(BUCKETS).register(registry).record(ran);
            }
        });
    }

    /** Slots recorded straight as SKIPPED by the firing sweep. */
    public void skippedAtFiring(int count) {
        ended.get(RunState.SKIPPED).increment(count);
    }

    private void afterCommit(Runnable record) {
        if (transactions.getTransactionKey() == null) {
            record.run();
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    record.run();
                }
            }
        });
    }
}
