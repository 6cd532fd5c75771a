package io.kairos.ui;

import io.kairos.api.Page;
import io.kairos.api.PageRequest;
import io.kairos.job.JobQuery;
import io.kairos.job.JobSummaries;
import io.kairos.job.JobSummary;
import io.kairos.run.RunState;
import io.kairos.schedule.ScheduleWords;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The jobs page: search, filters, sorting and pages over every job, all done by the database. */
@Path("/jobs")
@Produces(MediaType.TEXT_HTML)
public class JobsPage {

    static final int PAGE_SIZE = 50;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance jobs(JobsView view);
    }

    /** One row: the job with its schedule in words. */
    public record Row(JobSummary job, String schedule, String zone) {
    }

    /** The page's state, and the links that change one part of it. */
    public record JobsView(String q, String state, String enabled, String sort, String dir, int page, int size, long total,
                           List<Row> rows, List<String> states) {

        public int pages() {
            return (int) Math.max(1, (total + size - 1) / size);
        }

        public int shownFrom() {
            return total == 0 ? 0 : page * size + 1;
        }

        public long shownTo() {
            return Math.min(total, (long) (page + 1) * size);
        }

        public boolean hasPrevious() {
            return page > 0;
        }

        public boolean hasNext() {
            return page + 1 < pages();
        }

        public String url() {
            return url(page, sort, dir);
        }

        public String pageUrl(int p) {
            return url(p, sort, dir);
        }

        /** Sorting by {@code key}: a second click on the current key reverses it. */
        public String sortUrl(String key) {
            return url(0, key, key.equals(sort) && dir.equals("asc") ? "desc" : "asc");
        }

        /** ▲ or ▼ beside the current sort key's heading. */
        public String sortMark(String key) {
            return key.equals(sort) ? (dir.equals("asc") ? "▲" : "▼") : "";
        }

        private String url(int p, String s, String d) {
            StringBuilder u = new StringBuilder("/jobs?");
            param(u, "q", q);
            param(u, "state", state);
            param(u, "enabled", enabled);
            param(u, "sort", s);
            param(u, "dir", d);
            u.append("page=").append(p);
            return u.toString();
        }

        private static void param(StringBuilder u, String name, String value) {
            if (value != null && !value.isEmpty()) {
                u.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
            }
        }
    }

    private final JobSummaries summaries;

    JobsPage(JobSummaries summaries) {
        this.summaries = summaries;
    }

    @GET
    public TemplateInstance jobs(@QueryParam("q") String q, @QueryParam("state") String state, @QueryParam("enabled") String enabled,
                                 @QueryParam("sort") @DefaultValue("name") String sort, @QueryParam("dir") @DefaultValue("asc") String dir,
                                 @QueryParam("page") String page) {
        // the page's own links build these; anything else is read as "no filter", not an error page
        List<String> states = new ArrayList<>(Arrays.stream(RunState.values()).map(Enum::name).toList());
        states.add(JobQuery.NEVER);
        String lastState = state != null && states.contains(state.toUpperCase(Locale.ROOT)) ? state.toUpperCase(Locale.ROOT) : "";
        Boolean on = "true".equals(enabled) ? Boolean.TRUE : "false".equals(enabled) ? Boolean.FALSE : null;
        JobQuery.Sort key = switch (sort) {
            case "owner" -> JobQuery.Sort.OWNER;
            case "next" -> JobQuery.Sort.NEXT_FIRE;
            case "last" -> JobQuery.Sort.LAST_RUN;
            default -> JobQuery.Sort.NAME;
        };
        String sortKey = key == JobQuery.Sort.NAME ? "name" : sort;
        boolean desc = "desc".equals(dir);
        int p = PageRequest.lenient(page, PAGE_SIZE).page();
        Page<JobSummary> result = summaries.search(new JobQuery(q, lastState, on, key, desc, p, PAGE_SIZE));
        List<Row> rows = result.items().stream()
                .map(j -> new Row(j, ScheduleWords.describe(j.schedule()), j.schedule() == null ? "UTC" : j.schedule().timezone()))
                .toList();
        return Templates.jobs(new JobsView(q == null ? "" : q, lastState, on == null ? "" : on.toString(), sortKey, desc ? "desc" : "asc",
                p, PAGE_SIZE, result.total(), rows, states));
    }
}
