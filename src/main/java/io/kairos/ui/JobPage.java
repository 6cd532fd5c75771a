package io.kairos.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.api.ApiException;
import io.kairos.api.Page;
import io.kairos.api.PageRequest;
import io.kairos.dag.service.JobDependencies;
import io.kairos.job.JobParameter;
import io.kairos.job.JobService;
import io.kairos.job.JobView;
import io.kairos.run.RunHistory;
import io.kairos.run.RunService;
import io.kairos.run.RunState;
import io.kairos.run.RunView;
import io.kairos.schedule.ScheduleWords;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One job: its definition, next fire times, run history and duration chart, and what can be done
 * to it (run now with parameters, enable, disable, delete). Every action is an HTML form posted
 * here, handed to the same services as the REST API, then redirected back (post/redirect/get); a
 * refusal re-renders the page with the API's errors beside the inputs they name.
 */
@Path("/jobs/{name}")
@Produces(MediaType.TEXT_HTML)
public class JobPage {

    static final int HISTORY_PAGE = 25;
    static final int NEXT_FIRES = 10;
    static final int CHART_RUNS = 200;
    private static final Pattern WHOLE = Pattern.compile("-?\\d{1,18}");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance job(JobPageView view);
    }

    /** The run history's filters as given, and the links that keep them. */
    public record History(Page<RunView> runs, String state, String from, String to, List<String> states) {
        public boolean hasPrevious() {
            return runs.page() > 0;
        }

        public boolean hasNext() {
            return (long) (runs.page() + 1) * runs.size() < runs.total();
        }

        public String pageUrl(String job, int page) {
            return "/jobs/" + job + "?state=" + enc(state) + "&from=" + enc(from) + "&to=" + enc(to) + "&page=" + page + "#history";
        }
    }

    public record JobPageView(JobView job, String zone, String schedule, List<Instant> nextFires, List<FormField> definition,
                              String definitionJson, List<String> children, History history, String chartJson,
                              List<FormField> runNow, List<String> errors, String message) {
        public String name() {
            return job.definition().name();
        }
    }

    private final JobService jobs;
    private final RunService runs;
    private final RunHistory history;
    private final JobDependencies dependencies;
    private final ObjectMapper json;

    JobPage(JobService jobs, RunService runs, RunHistory history, JobDependencies dependencies, ObjectMapper json) {
        this.jobs = jobs;
        this.runs = runs;
        this.history = history;
        this.dependencies = dependencies;
        this.json = json;
    }

    @GET
    public TemplateInstance job(@PathParam("name") String name, @QueryParam("state") String state, @QueryParam("from") String from,
                                @QueryParam("to") String to, @QueryParam("page") String page,
                                @QueryParam("message") String message) {
        return page(name, state, from, to, PageRequest.lenient(page, HISTORY_PAGE).page(), null, List.of(), message);
    }

    @POST
    @Path("run")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response runNow(@PathParam("name") String name, MultivaluedMap<String, String> form) {
        JobView job = jobs.get(name);
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        for (JobParameter p : job.definition().parameters()) {
            String v = form.getFirst("/params/" + p.name());
            if (v == null || v.isBlank()) {
                continue;
            }
            // an int goes as a JSON number; anything else is sent as typed, for the API to refuse by name
            if (p.type() == JobParameter.Type.INT && WHOLE.matcher(v.strip()).matches()) {
                params.put(p.name(), Long.parseLong(v.strip()));
            } else {
                params.put(p.name(), v.strip());
            }
        }
        try {
            RunView run = runs.runNow(name, params);
            return Response.seeOther(URI.create("/runs/" + run.id())).build();
        } catch (ApiException e) {
            List<String> unplaced = new ArrayList<>();
            List<FormField> fields = FormFields.withErrors(FormFields.fill(runNowFields(job), form::getFirst), e.errors(), unplaced);
            if (e.errors().isEmpty()) {
                unplaced.add(e.getMessage());
            }
            return JobEditor.refused(e, page(name, null, null, null, 0, fields, unplaced, null));
        }
    }

    @POST
    @Path("enable")
    public Response enable(@PathParam("name") String name) {
        jobs.setEnabled(name, true);
        return back(name, "enabled");
    }

    @POST
    @Path("disable")
    public Response disable(@PathParam("name") String name) {
        jobs.setEnabled(name, false);
        return back(name, "disabled");
    }

    /** Deletes after the name was typed again; {@code detachChildren} as in the API. */
    @POST
    @Path("delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("name") String name, MultivaluedMap<String, String> form) {
        try {
            if (!name.equals(form.getFirst("confirm"))) {
                throw ApiException.invalid("confirm", "type the job's name to confirm");
            }
            jobs.delete(name, "true".equals(form.getFirst("detachChildren")));
        } catch (ApiException e) {
            return JobEditor.refused(e, page(name, null, null, null, 0, null, List.of(e.getMessage()), null));
        }
        return Response.seeOther(URI.create("/jobs?deleted=" + enc(name))).build();
    }

    private static Response back(String name, String message) {
        return Response.seeOther(URI.create("/jobs/" + enc(name) + "?message=" + enc(message))).build();
    }

    private TemplateInstance page(String name, String state, String from, String to, int page, List<FormField> runNow,
                                  List<String> errors, String message) {
        JobView job = jobs.get(name);
        String zone = job.definition().schedule() == null ? "UTC" : job.definition().schedule().timezone();
        List<String> states = Arrays.stream(RunState.values()).map(Enum::name).toList();
        RunState s = state != null && states.contains(state) ? RunState.valueOf(state) : null;
        Instant fromAt = day(from);
        Instant toAt = day(to);
        Page<RunView> runsPage = history.page(name, s, fromAt, toAt == null ? null : toAt.plus(java.time.Duration.ofDays(1)),
                Math.max(0, page), HISTORY_PAGE);
        History h = new History(runsPage, s == null ? "" : s.name(), fromAt == null ? "" : from, toAt == null ? "" : to, states);
        return Templates.job(new JobPageView(job, zone, ScheduleWords.describe(job.definition().schedule()),
                jobs.nextFireTimes(name, NEXT_FIRES), FormFields.fill(JobForm.FIELDS, json.valueToTree(job.definition()), json),
                pretty(job.definition()), dependencies.children(jobs.entity(name).id), h, chart(name),
                runNow == null ? runNowFields(job) : runNow, errors, message));
    }

    /** A form input per parameter, typed, with its default filled in. */
    private static List<FormField> runNowFields(JobView job) {
        return job.definition().parameters().stream().map(p -> {
            FormField.Kind kind = switch (p.type()) {
                case INT -> FormField.Kind.INTEGER;
                case DATE -> FormField.Kind.DATE;
                case ENUM -> FormField.Kind.SELECT;
                default -> FormField.Kind.TEXT;
            };
            List<String> options = new ArrayList<>();
            if (p.type() == JobParameter.Type.ENUM) {
                if (!p.required() || p.defaultValue() == null) {
                    options.add("");
                }
                options.addAll(p.values());
            }
            String help = p.type().name().toLowerCase(java.util.Locale.ROOT) + (p.required() ? ", required" : "")
                    + (p.defaultValue() == null ? "" : ", default " + p.defaultValue());
            return new FormField("/params/" + p.name(), p.name(), kind, help, options,
                    p.defaultValue() == null ? "" : String.valueOf(p.defaultValue()), null);
        }).toList();
    }

    private String chart(String name) {
        List<RunHistory.Duration> points = history.durations(name, CHART_RUNS);
        ObjectNode data = json.createObjectNode();
        var t = data.putArray("t");
        var d = data.putArray("seconds");
        var ids = data.putArray("runs");
        var states = data.putArray("states");
        for (RunHistory.Duration p : points) {
            t.add(p.startedAt().getEpochSecond());
            d.add(p.millis() / 1000.0);
            ids.add(p.runId());
            states.add(p.state().name());
        }
        return data.toString();
    }

    private String pretty(Object o) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A yyyy-MM-dd filter as the start of that day (UTC); anything else is no filter. */
    private static Instant day(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(s.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String enc(String s) {
        return s == null ? "" : URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
