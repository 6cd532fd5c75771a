package io.kairos.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.api.ApiException;
import io.kairos.api.Page;
import io.kairos.job.JobDefinition;
import io.kairos.job.JobEntity;
import io.kairos.security.Access;
import io.kairos.job.JobJson;
import io.kairos.job.JobService;
import io.kairos.job.JobView;
import io.kairos.run.RunService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Chronos v1 API over the Kairos services: a Chronos job is a Kairos job, stored once. */
@ApplicationScoped
public class ChronosService {

    private static final int PAGE = 500;

    private final JobService jobs;
    private final RunService runs;
    private final ChronosCounters counters;
    private final Access access;

    private final com.fasterxml.jackson.databind.ObjectMapper json;
    private final io.kairos.dag.service.JobDependencies dependencies;
    private final java.time.Clock clock;

    ChronosService(JobService jobs, RunService runs, ChronosCounters counters, Access access,
                   com.fasterxml.jackson.databind.ObjectMapper json, java.time.Clock clock,
                   io.kairos.dag.service.JobDependencies dependencies) {
        this.json = json;
        this.dependencies = dependencies;
        this.clock = clock;
        this.access = access;
        this.jobs = jobs;
        this.runs = runs;
        this.counters = counters;
    }

    /** Creates the job, or replaces it when the name exists (Chronos' POST does both); returns the warnings. */
    public List<String> upsert(JsonNode sent, String endpoint) {
        List<String> warnings = new ArrayList<>();
        JsonNode chronos = ChronosLeniency.normalise(sent, clock.instant(), warnings);
        ChronosJobJson.Translated t = ChronosJobJson.toKairos(chronos, endpoint);
        warnings.addAll(t.warnings());
        ObjectNode body = t.kairos();
        String name = body.path("name").asText(null);
        if (name != null && JobEntity.count("name", name) > 0) {
            // an update changes only what the Chronos body changed of the job's Chronos view; the rest is kept
            JobDefinition old = jobs.get(name).definition();
            body = ChronosJobJson.merge(json.valueToTree(old), body, chronos, ChronosJobJson.toChronos(old, ChronosCounters.Counts.NONE));
        } else {
            ChronosJobJson.chronosDefaults(body);
        }
        JobDefinition def;
        try {
            def = JobJson.parse(body, null);
        } catch (ApiException e) {
            throw ChronosJobJson.translate(e, chronos);
        }
        try {
            save(def);
        } catch (ApiException e) {
            throw ChronosJobJson.translate(e, chronos);
        }
        return warnings;
    }

    private void save(JobDefinition def) {
        if (JobEntity.count("name", def.name()) > 0) {
            jobs.update(def);
            return;
        }
        try {
            jobs.create(def);
        } catch (RuntimeException e) {
            if (JobEntity.count("name", def.name()) == 0) {
                throw e; // the name is still free: not a lost race, a refusal
            }
            // a concurrent POST created the job first (its transaction is done): Chronos' POST replaces it
            jobs.update(def);
        }
    }

    public ObjectNode get(String name) {
        return ChronosJobJson.toChronos(jobs.get(name).definition(), counters.of(name));
    }

    /** Every job, by name, as Chronos shows it. */
    public List<ObjectNode> list() {
        Map<String, ChronosCounters.Counts> counts = counters.all();
        List<ObjectNode> out = new ArrayList<>();
        for (JobView v : all()) {
            out.add(ChronosJobJson.toChronos(v.definition(), counts.getOrDefault(v.definition().name(), ChronosCounters.Counts.NONE)));
        }
        return out;
    }

    /** Chronos' summary: name, status (fresh, success, failure), state (idle, queued, running), schedule, parents, disabled. */
    public List<ObjectNode> summary() {
        Map<String, ChronosCounters.Counts> counts = counters.all();
        return list().stream().map(job -> {
            ChronosCounters.Counts c = counts.getOrDefault(job.get("name").asText(), ChronosCounters.Counts.NONE);
            ObjectNode s = job.objectNode();
            s.set("name", job.get("name"));
            s.put("status", status(c));
            s.put("state", state(c.lastState()));
            s.set("schedule", job.get("schedule"));
            s.set("parents", job.get("parents"));
            s.set("disabled", job.get("disabled"));
            return s;
        }).toList();
    }

    private static String status(ChronosCounters.Counts c) {
        if (c.lastSuccess() == null && c.lastError() == null) {
            return "fresh";
        }
        if (c.lastError() == null) {
            return "success";
        }
        return c.lastSuccess() != null && c.lastSuccess().isAfter(c.lastError()) ? "success" : "failure";
    }

    private static String state(String lastRunState) {
        if ("PENDING".equals(lastRunState)) {
            return "queued";
        }
        return "STAGING".equals(lastRunState) || "RUNNING".equals(lastRunState) ? "running" : "idle";
    }

    /** Case-insensitive substring search on name, command, or either ({@code any}); null matches all. */
    public List<ObjectNode> search(String name, String command, String any) {
        return list().stream().filter(j -> contains(j.get("name").asText(), name)
                && contains(j.get("command").asText(), command)
                && (any == null || contains(j.get("name").asText(), any) || contains(j.get("command").asText(), any)
                || contains(j.get("description").asText(), any) || contains(j.get("owner").asText(), any))).toList();
    }

    private static boolean contains(String text, String part) {
        return part == null || part.isEmpty() || text.toLowerCase(java.util.Locale.ROOT).contains(part.toLowerCase(java.util.Locale.ROOT));
    }

    private List<JobView> all() {
        List<JobView> out = new ArrayList<>();
        for (int page = 0; ; page++) {
            Page<JobView> p = jobs.list(page, PAGE, null, null);
            out.addAll(p.items());
            if (p.items().size() < PAGE) {
                return out;
            }
        }
    }

    /**
     * Chronos' run-now. {@code arguments} (split at whitespace) go onto the argv of a job that runs without a
     * shell; a shell job ignores them, as Chronos does.
     *
     * @return the warnings to show (arguments ignored)
     */
    public List<String> runNow(String name, String arguments) {
        List<String> extra = arguments == null || arguments.isBlank() ? List.of() : List.of(arguments.trim().split("\\s+"));
        if (!extra.isEmpty() && jobs.get(name).definition().args() == null) {
            runs.runNow(name, null, List.of());
            return List.of("arguments: ignored, job '" + name + "' runs through a shell (as in Chronos)");
        }
        runs.runNow(name, null, extra);
        return List.of();
    }

    /**
     * Chronos' delete: the children of a deleted job are re-parented, not refused. A child of a dependent job takes
     * the deleted job's parents in its place; a child of a scheduled job becomes a scheduled job on the deleted
     * job's schedule (Chronos' own rule). All in one transaction with the delete.
     */
    @Transactional
    public void delete(String name) {
        JobDefinition gone = jobs.get(name).definition();
        for (String child : dependencies.stored().childrenOf(name)) {
            JobDefinition was = jobs.get(child).definition();
            ObjectNode c = json.valueToTree(was);
            if (gone.parents().isEmpty()) {
                c.remove("parents");
                c.set("schedule", json.valueToTree(gone.schedule()));
            } else {
                var parents = c.putArray("parents");
                java.util.LinkedHashSet<String> next = new java.util.LinkedHashSet<>(was.parents());
                next.remove(name);
                next.addAll(gone.parents());
                next.forEach(parents::add);
            }
            jobs.update(JobJson.parse(c, child));
        }
        jobs.delete(name, false);
    }

    /** Chronos answers a job it does not have with a 400, not a 404: on its paths, so does Kairos. */
    static <T> T asChronos(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ApiException e) {
            if (e.kind() == ApiException.Kind.NOT_FOUND) {
                throw ApiException.badRequest(e.getMessage());
            }
            throw e;
        }
    }

    /** Kills every queued, staging and running run of the job. */
    @Transactional
    public void killRuns(String name) {
        JobEntity job = jobs.entity(name);
        access.requireRun(job.owner);
        runs.killActiveRunsOf(job.id, "killed through the Chronos API (DELETE /v1/scheduler/task/kill/" + name + ")");
    }
}
