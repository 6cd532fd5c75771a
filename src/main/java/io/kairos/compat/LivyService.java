package io.kairos.compat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.api.ApiException;
import io.kairos.api.FieldError;
import io.kairos.job.JobDefinition;
import io.kairos.job.JobJson;
import io.kairos.job.JobService;
import io.kairos.run.RunService;
import io.kairos.run.RunQueries;
import io.kairos.run.RunState;
import io.kairos.run.RunView;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import io.kairos.security.Access;
import io.kairos.security.Caller;
import io.kairos.security.Role;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Livy's batch API over the Kairos services. A batch is one MANUAL run of an on-demand Spark job made for it (named
 * {@code livy-<name>-<random>}, owned by the proxy user or {@code livy}), so its definition never changes under it;
 * the batch id is the run id, and the run is in the runs API and the console like any other. Everything lives in
 * PostgreSQL (job, run, {@code livy_batch}), so batches survive a restart of Kairos.
 */
@ApplicationScoped
public class LivyService {

    /** Livy's batch object. {@code log}: the newest lines, as Livy shows them beside the state. */
    public record BatchView(long id, String name, String owner, String proxyUser, String state, String appId,
                            Map<String, String> appInfo, List<String> log) {
    }

    public record Created(BatchView batch, List<String> warnings) {
    }

    private static final int VIEW_LINES = 10;

    private final JobService jobs;
    private final RunService runs;
    private final RunQueries queries;
    private final LivyLog logs;
    private final Clock clock;
    private final Optional<String> master;
    private final Access access;

    LivyService(JobService jobs, RunService runs, RunQueries queries, LivyLog logs, Clock clock,
                @ConfigProperty(name = "kairos.livy.master") Optional<String> master, Access access) {
        this.access = access;
        this.jobs = jobs;
        this.runs = runs;
        this.queries = queries;
        this.logs = logs;
        this.clock = clock;
        this.master = master;
    }

    /**
     * Makes the batch's job and queues its run, all in one transaction: a refused batch leaves nothing behind. The proxy
     * user ({@code doAs}, else the body's {@code proxyUser}) becomes the job's owner, so the caller may run as it only
     * where it may own jobs: Livy's impersonation, held to Kairos' teams.
     */
    @Transactional
    public Created submit(JsonNode body, String doAs) {
        String name = body != null && body.path("name").isTextual() ? body.get("name").asText() : null;
        LivyBatchJson.Translated t = LivyBatchJson.toKairos(body, doAs, jobName(name), master.orElse(null));
        Caller caller = access.caller();
        if (t.proxyUser() == null && caller.role() == Role.DEVELOPER && caller.teams().size() == 1) {
            // Livy clients rarely say who owns a batch: a developer of one team owns it through that team, so that it
            // may also watch and kill it; with several teams, proxyUser says which (an admin's batch stays "livy")
            t.kairos().put("owner", caller.teams().iterator().next());
        }
        JobDefinition def;
        try {
            def = JobJson.parse(t.kairos(), null);
        } catch (ApiException e) {
            throw LivyBatchJson.translate(e, t);
        }
        if (t.name() != null && activeNamed(t.name())) {
            // Livy refuses a second session of the same name while the first is known; here, while it is going
            throw ApiException.conflict("/name: a batch named '" + t.name() + "' is still going",
                    List.of(new FieldError("/name", "a batch of this name is still going")));
        }
        try {
            jobs.create(def);
        } catch (ApiException e) {
            throw LivyBatchJson.translate(e, t);
        }
        RunView run = runs.runNow(def.name(), null);
        LivyBatchEntity b = new LivyBatchEntity();
        b.runId = run.id();
        b.jobName = def.name();
        b.name = t.name();
        b.proxyUser = t.proxyUser();
        b.createdAt = clock.instant();
        b.persist();
        return new Created(view(b, run), t.warnings());
    }

    private static boolean activeNamed(String name) {
        return LivyBatchEntity.count("from LivyBatchEntity b, RunEntity r where r.id = b.runId and b.name = ?1 and r.state in ?2",
                name, List.of(RunState.PENDING, RunState.STAGING, RunState.RUNNING)) > 0;
    }

    /** {@code livy-<name>-<10 hex>}: unique without asking the database, readable in the jobs list. */
    static String jobName(String name) {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        if (name == null) {
            return "livy-" + suffix;
        }
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[-._]+|[-._]+$", "");
        slug = slug.length() > 80 ? slug.substring(0, 80) : slug;
        return slug.isEmpty() ? "livy-" + suffix : "livy-" + slug + "-" + suffix;
    }

    @Transactional
    public BatchView get(long id) {
        LivyBatchEntity b = batch(id);
        return view(b, queries.get(id));
    }

    /**
     * Livy's listing: batches by id from index {@code from}, at most {@code size} of them (Livy's slice {@code from} to
     * {@code from + size}: none for a size of 0 or less, all the rest for a large one), and how many there are in all.
     */
    @Transactional
    public Map<String, Object> list(int from, int size) {
        // from + size - 1 in long: a from near the int limit is an empty page past the end, as in Livy, not an overflow
        int last = (int) Math.min(Integer.MAX_VALUE, (long) from + size - 1);
        List<BatchView> sessions = size <= 0 ? List.of()
                : LivyBatchEntity.<LivyBatchEntity>findAll(Sort.by("runId")).range(from, last).list()
                .stream().map(b -> view(b, queries.get(b.runId))).toList();
        return Map.of("from", from, "total", LivyBatchEntity.count(), "sessions", sessions);
    }

    @Transactional
    public Map<String, Object> state(long id) {
        batch(id);
        return Map.of("id", id, "state", LivyState.of(queries.get(id).state()));
    }

    /** Livy's log call: {@code size} lines from line {@code from}; by default the last 100; a negative size is all. */
    @Transactional
    public Map<String, Object> log(long id, Integer from, Integer size) {
        batch(id);
        List<String> lines = logs.lines(queries.get(id), Integer.MAX_VALUE);
        int n = size == null ? 100 : size;
        int start = from != null ? from : n < 0 ? 0 : Math.max(0, lines.size() - n);
        int end = n < 0 ? lines.size() : (int) Math.min(lines.size(), (long) start + n);
        List<String> page = start >= lines.size() ? List.of() : lines.subList(start, end);
        return Map.of("id", id, "from", start, "size", page.size(), "total", lines.size(), "log", page);
    }

    /** Kills the batch's run if it is still going, and forgets the batch; the run stays in Kairos' history. */
    @Transactional
    public void delete(long id) {
        LivyBatchEntity b = batch(id);
        // no read of the run before its lock: a status update in between would make that copy stale (a 409)
        runs.killUnlessEnded(id);
        b.delete();
    }

    private static LivyBatchEntity batch(long id) {
        LivyBatchEntity b = LivyBatchEntity.findById(id);
        if (b == null) {
            throw ApiException.notFound("no batch with id " + id);
        }
        return b;
    }

    private BatchView view(LivyBatchEntity b, RunView run) {
        List<String> tail = logs.lines(run, VIEW_LINES);
        java.util.LinkedHashMap<String, String> appInfo = new java.util.LinkedHashMap<>();
        appInfo.put("driverLogUrl", null);
        appInfo.put("sparkUiUrl", null);
        if (b.appId == null) {
            b.appId = logs.appId(run); // kept once found (the entity is managed: saved with the transaction)
        }
        return new BatchView(b.runId, b.name, null, b.proxyUser, LivyState.of(run.state()), b.appId, appInfo, tail);
    }
}
