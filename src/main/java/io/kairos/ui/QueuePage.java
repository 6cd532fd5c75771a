package io.kairos.ui;

import io.kairos.api.Amount;
import io.kairos.framework.RoleView;
import io.kairos.framework.RoleViews;
import io.kairos.run.RunQueue;
import io.kairos.run.RunState;
import io.kairos.run.RunSummaries;
import io.kairos.run.RunView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Locale;

/** What waits and why, and how the roles share the pool. */
@Path("/queue")
@Produces(MediaType.TEXT_HTML)
public class QueuePage {

    /** The page lists the oldest waiting runs; the count says how many there are in all. */
    private static final int ROWS = 200;

    private final RunQueue runs;
    private final RunSummaries summaries;
    private final RoleViews roles;

    QueuePage(RunQueue runs, RunSummaries summaries, RoleViews roles) {
        this.runs = runs;
        this.summaries = summaries;
        this.roles = roles;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance queue(Queue q);

        static native TemplateInstance queue$live(Queue q);
    }

    /** A role's row: {@code share} the dominant share in percent (0..100, before weighting). */
    public record RoleRow(String name, String weight, String quota, String limit, String allocated, int share, String sharePercent) {
    }

    public record Queue(List<RunView> pending, long pendingCount, List<RoleRow> roles) {
    }

    @GET
    public TemplateInstance page() {
        return Templates.queue(build());
    }

    @GET
    @Path("live")
    public TemplateInstance live() {
        return Templates.queue$live(build());
    }

    private Queue build() {
        List<RoleRow> rows = roles.all().stream().map(QueuePage::row).toList();
        return new Queue(runs.queue(ROWS), summaries.countInStates(List.of(RunState.PENDING)), rows);
    }

    private static RoleRow row(RoleView r) {
        return new RoleRow(r.name(), number(r.weight()), amount(r.quota(), "none"), amount(r.limit(), "none"),
                amount(r.allocated(), "nothing"), (int) Math.round(Math.min(100, r.dominantShare() * 100)),
                String.format(Locale.ROOT, "%.1f%%", r.dominantShare() * 100));
    }

    /** "2 cpus, 4.0 GiB mem"; fields that are zero or unbounded are left out. */
    static String amount(Amount a, String none) {
        if (a == null) {
            return none;
        }
        StringBuilder s = new StringBuilder();
        if (a.cpus() != null && a.cpus() > 0) {
            s.append(number(a.cpus())).append(" cpus");
        }
        if (a.memMb() != null && a.memMb() > 0) {
            s.append(s.isEmpty() ? "" : ", ").append(Meter.mebibytes(a.memMb())).append(" mem");
        }
        if (a.diskMb() != null && a.diskMb() > 0) {
            s.append(s.isEmpty() ? "" : ", ").append(Meter.mebibytes(a.diskMb())).append(" disk");
        }
        if (a.gpus() != null && a.gpus() > 0) {
            s.append(s.isEmpty() ? "" : ", ").append(a.gpus()).append(" gpus");
        }
        return s.isEmpty() ? none : s.toString();
    }

    private static String number(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }
}
