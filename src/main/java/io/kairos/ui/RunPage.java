package io.kairos.ui;

import io.kairos.task.LogStream;
import io.kairos.api.ApiException;
import io.kairos.job.JobEntity;
import io.kairos.job.JobService;
import io.kairos.run.RunLogs;
import io.kairos.run.RunService;
import io.kairos.run.RunQueries;
import io.kairos.run.RunState;
import io.kairos.run.RunView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
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
import java.util.List;

/**
 * One run: its attempts, its events, its output (tailed live by htmx polling while the attempt
 * goes on, from the byte offset already shown), and kill, re-run and mark-success.
 */
@Path("/runs/{id}")
@Produces(MediaType.TEXT_HTML)
public class RunPage {

    /** Read per request; the tail asks again for the rest. */
    static final int LOG_CHUNK = 256 * 1024;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance run(RunPageView view);

        static native TemplateInstance tail(Tail tail);
    }

    /**
     * One stream of one attempt (0: none yet): its text from where the page was, and where the next
     * poll continues (no poll once {@code done}).
     */
    @io.quarkus.qute.TemplateData
    public record Tail(long runId, int attempt, String stream, String data, long nextOffset, boolean done) {
        public String url() {
            return "/runs/" + runId + "/tail?stream=" + stream + "&offset=" + nextOffset + (attempt == 0 ? "" : "&attempt=" + attempt);
        }
    }

    /** {@code owner}: the team owning the run's job, which decides who may act on the run. */
    public record RunPageView(RunView run, String zone, String owner, List<RunTimeline.Event> events, Tail stdout, Tail stderr,
                              String error, String message) {
        public boolean isLive() {
            return !run.state().isTerminal();
        }

        public boolean canMarkSuccess() {
            return run.state() == RunState.FAILED || run.state() == RunState.TIMED_OUT || run.state() == RunState.KILLED;
        }
    }

    private final RunService runs;
    private final RunQueries queries;
    private final RunLogs logs;
    private final JobService jobs;

    RunPage(RunService runs, RunQueries queries, RunLogs logs, JobService jobs) {
        this.runs = runs;
        this.queries = queries;
        this.logs = logs;
        this.jobs = jobs;
    }

    @GET
    public TemplateInstance run(@PathParam("id") long id, @QueryParam("message") String message) {
        return page(id, null, message);
    }

    /** The output after {@code offset}, appended by htmx to what the page shows; polled until the attempt has ended. */
    @GET
    @Path("tail")
    public Response tail(@PathParam("id") long id, @QueryParam("stream") @DefaultValue("stdout") String stream,
                         @QueryParam("offset") @DefaultValue("0") long offset, @QueryParam("attempt") Integer attempt) {
        Tail tail = read(id, attempt, "stderr".equals(stream) ? LogStream.STDERR : LogStream.STDOUT, Math.max(0, offset));
        if (tail.done() && tail.data().isEmpty() && !queries.get(id).state().isTerminal()) {
            // this attempt ended and the run goes on (a retry): the page reloads to show the new attempt
            return Response.ok().header("HX-Refresh", "true").build();
        }
        return Response.ok(Templates.tail(tail)).build();
    }

    @POST
    @Path("kill")
    public Response kill(@PathParam("id") long id) {
        return act(id, () -> runs.kill(id), "kill requested");
    }

    @POST
    @Path("rerun")
    public Response rerun(@PathParam("id") long id) {
        try {
            RunView again = runs.rerun(id);
            return Response.seeOther(URI.create("/runs/" + again.id() + "?message=" + JobPage.enc("rerun of run " + id))).build();
        } catch (ApiException e) {
            return JobEditor.refused(e, page(id, e.getMessage(), null));
        }
    }

    @POST
    @Path("mark-success")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response markSuccess(@PathParam("id") long id, MultivaluedMap<String, String> form) {
        String by = form.getFirst("by");
        String why = form.getFirst("reason");
        return act(id, () -> {
            FormFields.refuseNul(form);
            runs.markSuccess(id, by == null || by.isBlank() ? "an operator" : by.strip(), why == null || why.isBlank() ? null : why.strip());
        }, "marked SUCCEEDED");
    }

    private Response act(long id, Runnable action, String message) {
        try {
            action.run();
        } catch (ApiException e) {
            return JobEditor.refused(e, page(id, e.getMessage(), null));
        }
        return Response.seeOther(URI.create("/runs/" + id + "?message=" + JobPage.enc(message))).build();
    }

    private TemplateInstance page(long id, String error, String message) {
        RunView run = queries.get(id);
        JobEntity job = jobOf(run.job());
        return Templates.run(new RunPageView(run, job == null ? "UTC" : job.scheduleTimezone, job == null ? null : job.owner,
                RunTimeline.of(run), read(id, null, LogStream.STDOUT, 0),
                read(id, null, LogStream.STDERR, 0),
                error, message));
    }

    private Tail read(long id, Integer attempt, LogStream stream, long offset) {
        RunLogs.LogView v = logs.read(id, attempt, stream, offset, LOG_CHUNK);
        // a full chunk means more may be waiting: not done, even if the attempt has ended
        boolean done = v.complete() && v.nextOffset() - v.offset() < LOG_CHUNK;
        return new Tail(id, v.attempt(), stream.name().toLowerCase(java.util.Locale.ROOT), v.data(), v.nextOffset(), done);
    }

    /** The run's job; null when it was deleted since. */
    private JobEntity jobOf(String job) {
        try {
            return jobs.entity(job);
        } catch (ApiException e) {
            return null;
        }
    }
}
