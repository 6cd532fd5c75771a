package io.kairos.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.api.ApiException;
import io.kairos.job.JobDefinition;
import io.kairos.job.JobEntity;
import io.kairos.job.JobService;
import io.kairos.job.ParamBinding;
import io.kairos.schedule.Schedule;
import io.kairos.schedule.Schedules;
import io.kairos.security.Access;
import io.kairos.security.AuditAction;
import io.kairos.security.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Backfill (issue #5): a BACKFILL run for every slot of a job's schedule in a range, logical time =
 * the slot, parameters = the job's defaults. The unique key on (job_id, scheduled_at) of BACKFILL
 * runs makes each slot's run exist once, however often (or concurrently) the backfill is asked for;
 * whether the slot already ran on schedule does not matter.
 */
@ApplicationScoped
public class BackfillService {

    /** A request covering more slots than this is refused rather than queue an unbounded number of runs. */
    public static final int MAX_SLOTS = 10_000;

    private static final String INSERT = """
            INSERT INTO run (job_id, job_name, trigger, scheduled_at, state, reason, params, max_parallel, created_at)
            SELECT :job, :name, 'BACKFILL', t, :state, :reason, CAST(:params AS jsonb), :max, :now
            FROM unnest(CAST(:slots AS timestamptz[])) AS t ORDER BY t
            ON CONFLICT (job_id, scheduled_at) WHERE trigger = 'BACKFILL' DO NOTHING""";
    private static final String IDS = """
            SELECT id FROM run WHERE job_id = :job AND trigger = 'BACKFILL'
            AND scheduled_at = ANY (CAST(:slots AS timestamptz[])) ORDER BY scheduled_at""";

    private final Clock clock;
    private final ObjectMapper json;
    private final Event<RunEvents.RunsQueued> queued;
    private final JobService jobs;

    private final Access access;
    private final AuditLog audit;

    BackfillService(Clock clock, ObjectMapper json, Event<RunEvents.RunsQueued> queued, JobService jobs, Access access,
                    AuditLog audit) {
        this.access = access;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
        this.jobs = jobs;
        this.queued = queued;
    }

    /** What a backfill request did: every slot's run (in slot order), and how many of them it created. */
    public record Backfill(String job, Instant from, Instant to, int maxParallel, int slots, int created, List<Long> runIds) {
    }

    @Transactional
    public Backfill backfill(String jobName, Instant from, Instant to, int maxParallel) {
        JobEntity job = jobs.entity(jobName);
        access.requireRun(job.owner);
        JobDefinition def = jobs.definition(job);
        Schedule schedule = (def.schedule() == null ? java.util.Optional.<Schedule>empty() : Schedules.parse(def.schedule()))
                .orElseThrow(() -> ApiException.invalid("/", "job '" + jobName + "' has no schedule: there are no slots to backfill"));
        List<Instant> slots = Schedules.between(schedule, from, to, MAX_SLOTS);
        if (slots.size() > MAX_SLOTS) {
            throw ApiException.invalid("/to", "[from, to] holds more than " + MAX_SLOTS + " slots of the schedule; backfill it in parts");
        }
        if (slots.isEmpty()) {
            return new Backfill(jobName, from, to, maxParallel, 0, 0, List.of());
        }
        String array = slots.stream().map(Instant::toString).collect(Collectors.joining(",", "{", "}"));
        int created = em().createNativeQuery(INSERT)
                .setParameter("job", job.id).setParameter("name", job.name).setParameter("state", NewRuns.BORN.name())
                .setParameter("reason", "backfill of " + from + " .. " + to)
                .setParameter("params", write(ParamBinding.defaults(def.parameters())))
                .setParameter("max", maxParallel).setParameter("now", clock.instant().atOffset(java.time.ZoneOffset.UTC))
                .setParameter("slots", array).executeUpdate();
        @SuppressWarnings("unchecked")
        List<Number> ids = em().createNativeQuery(IDS).setParameter("job", job.id).setParameter("slots", array).getResultList();
        if (created > 0) {
            // a backfill that found every slot's run already there changed nothing: no audit row
            audit.record(AuditAction.BACKFILL_CREATE, jobName, null, created + " runs for " + from + " .. " + to
                    + " (maxParallel " + maxParallel + ")");
            queued.fire(new RunEvents.RunsQueued(created));
        }
        return new Backfill(jobName, from, to, maxParallel, slots.size(), created, ids.stream().map(Number::longValue).toList());
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Looked up per use: the agent role runs without a persistence unit, where a bean holding one cannot start. */
    private static EntityManager em() {
        return Panache.getEntityManager();
    }
}
