package io.kairos.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.job.JobEntity;
import io.kairos.job.JobService;
import io.kairos.job.Notification;
import io.kairos.run.RunEntity;
import io.kairos.run.RunEvents;
import io.kairos.run.RunWatchdog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Puts a job's notifications into the outbox when one of its runs ends (inside the transaction that
 * ends it: the message commits with the ending or not at all) or goes overdue. Only rows are
 * written here; {@link NotificationSender} talks to the targets, outside any run's transaction.
 */
@ApplicationScoped
public class NotificationRecorder {

    private static final Logger LOG = Logger.getLogger(NotificationRecorder.class);

    private final JobService jobs;
    private final ObjectMapper json;
    private final Clock clock;
    private final NotifyConfig config;
    private final NotificationSender sender;

    NotificationRecorder(JobService jobs, ObjectMapper json, Clock clock, NotifyConfig config,
                         NotificationSender sender) {
        this.jobs = jobs;
        this.json = json;
        this.clock = clock;
        this.config = config;
        this.sender = sender;
    }

    // synchronous (TransactionPhase.IN_PROGRESS): the outbox row is part of the run's ending
    @Transactional(Transactional.TxType.MANDATORY)
    void onRunEnded(@Observes RunEvents.RunEnded ended) {
        RunEntity run = RunEntity.findById(ended.runId());
        List<Notification> targets = notificationsOf(ended.jobId());
        for (int i = 0; i < targets.size(); i++) {
            Optional<Notification.Event> event = Triggers.forEnding(run.state().name(), ended.retriesExhausted(), targets.get(i));
            if (event.isPresent()) {
                insert(run, event.get(), i, targets.get(i));
            }
        }
    }

    /** The sender need not wait for its next poll once the ending has committed. */
    void afterRunEnded(@Observes(during = TransactionPhase.AFTER_SUCCESS) RunEvents.RunEnded ended) {
        sender.wake();
    }

    /** Fired by the watchdog after it marked the run overdue, in no transaction: this is one of its own. */
    @Transactional
    void onOverdue(@Observes RunWatchdog.RunOverdue overdue) {
        RunEntity run = RunEntity.findById(overdue.runId());
        if (run == null) {
            return;
        }
        List<Notification> targets = notificationsOf(run.jobId);
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i).on().contains(Notification.Event.OVERDUE)) {
                insert(run, Notification.Event.OVERDUE, i, targets.get(i));
            }
        }
        sender.wake();
    }

    private List<Notification> notificationsOf(long jobId) {
        JobEntity job = JobEntity.findById(jobId);
        if (job == null) {
            return List.of();
        }
        try {
            return jobs.definition(job).notifications();
        } catch (RuntimeException e) {
            // an unreadable definition must not fail the run's ending
            LOG.warnf("job %d: notifications not sent, its definition is unreadable: %s", jobId, e.getMessage());
            return List.of();
        }
    }

    private void insert(RunEntity run, Notification.Event event, int index, Notification target) {
        Instant now = clock.instant();
        RunNews news = new RunNews(event.name(), run.jobName, run.id, run.state().name(), run.reason, run.exitCode,
                run.scheduledAt, run.startedAt, run.finishedAt, link(run.id));
        String targetJson;
        String newsJson;
        try {
            targetJson = json.writeValueAsString(target);
            newsJson = json.writeValueAsString(news);
        } catch (JsonProcessingException e) {
            // a message that cannot be written must not undo the run's ending
            LOG.warnf("run %d: %s notification %d not sent, not writable as JSON: %s", run.id, event, index, e.getMessage());
            return;
        }
        // the unique (run_id, event, target_index) key: a second report of the same ending adds nothing
        em().createNativeQuery("""
                        INSERT INTO notification_outbox (run_id, job_name, event, target_index, channel, target, payload,
                                                         next_attempt_at, created_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, CAST(?6 AS jsonb), CAST(?7 AS jsonb), ?8, ?8)
                        ON CONFLICT (run_id, event, target_index) DO NOTHING""")
                .setParameter(1, run.id).setParameter(2, run.jobName).setParameter(3, event.name())
                .setParameter(4, index).setParameter(5, target.webhook() != null ? "WEBHOOK" : "EMAIL")
                .setParameter(6, targetJson).setParameter(7, newsJson).setParameter(8, now)
                .executeUpdate();
    }

    private String link(long runId) {
        String base = config.publicUrl();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1/runs/" + runId;
    }

    /** Looked up per use: the agent role runs without a persistence unit, where a bean holding one cannot start. */
    private static EntityManager em() {
        return Panache.getEntityManager();
    }
}
