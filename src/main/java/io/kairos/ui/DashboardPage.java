package io.kairos.ui;

import io.kairos.agent.remote.AgentRegistry;
import io.kairos.agent.remote.AgentView;
import io.kairos.job.NextFires;
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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The console's front page: what ran in the last day, what runs, what failed, what comes, what waits, how full the pool is. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class DashboardPage {

    private static final Duration WINDOW = Duration.ofHours(24);
    private static final int ROWS = 10;

    private final RunSummaries summaries;
    private final RunQueue runs;
    private final NextFires fires;
    private final AgentRegistry agents;
    private final Clock clock;

    DashboardPage(RunSummaries summaries, RunQueue runs, NextFires fires, AgentRegistry agents, Clock clock) {
        this.summaries = summaries;
        this.runs = runs;
        this.fires = fires;
        this.agents = agents;
        this.clock = clock;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(Dashboard d);

        static native TemplateInstance dashboard$live(Dashboard d);
    }

    /** A state's count with its share of the day's runs (0..100, for the stacked bar). */
    public record StateCount(String state, long count, double percent) {
    }

    public record Dashboard(List<StateCount> last24h, long total24h, List<RunSummaries.RunLine> inProgress, long inProgressCount,
                            List<RunSummaries.RunLine> recent, List<RunSummaries.FailingJob> failing, List<NextFires.Fire> nextFires,
                            List<RunView> pending, long pendingCount, List<Meter> pool, int activeAgents, int agentCount) {
    }

    @GET
    public TemplateInstance dashboard() {
        return Templates.dashboard(build());
    }

    /** The whole dashboard's content, polled by the page. */
    @GET
    @Path("dashboard/live")
    public TemplateInstance live() {
        return Templates.dashboard$live(build());
    }

    private Dashboard build() {
        Instant now = clock.instant();
        Map<RunState, Long> counts = summaries.countsSince(now.minus(WINDOW));
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        List<StateCount> byState = counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> new StateCount(e.getKey().name(), e.getValue(), total == 0 ? 0 : 100.0 * e.getValue() / total)).toList();
        // lost agents, and drained ones that went away, offer nothing: the pool is the connected ones
        List<AgentView> pool = agents.list().stream().filter(AgentView::connected).toList();
        List<Meter> meters = Meter.of(Meter.sum(pool.stream().map(AgentView::total).toList()),
                Meter.sum(pool.stream().map(AgentView::allocated).toList()));
        int active = (int) pool.stream().filter(a -> a.state() == io.kairos.agent.remote.AgentState.ACTIVE).count();
        return new Dashboard(byState, total, summaries.inProgress(ROWS),
                summaries.countInStates(List.of(RunState.STAGING, RunState.RUNNING)), summaries.recentlyEnded(ROWS),
                summaries.failingJobs(now.minus(WINDOW), ROWS), fires.next(ROWS), runs.queue(ROWS),
                summaries.countInStates(List.of(RunState.PENDING)), meters,
                active, pool.size());
    }
}
