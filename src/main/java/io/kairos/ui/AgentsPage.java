package io.kairos.ui;

import io.kairos.agent.remote.AgentOperations;
import io.kairos.agent.remote.AgentRegistry;
import io.kairos.agent.remote.AgentView;
import io.kairos.run.RunSummaries;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The agent pool: each agent's resources as bars, attributes, running tasks, drain and undrain. */
@Path("/agents")
@Produces(MediaType.TEXT_HTML)
public class AgentsPage {

    private final AgentRegistry agents;
    private final AgentOperations operations;
    private final RunSummaries runs;
    private final io.kairos.service.Instances instances;

    AgentsPage(AgentRegistry agents, AgentOperations operations, RunSummaries runs, io.kairos.service.Instances instances) {
        this.instances = instances;
        this.agents = agents;
        this.operations = operations;
        this.runs = runs;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance agents(List<Card> agents);

        static native TemplateInstance agents$list(List<Card> agents);
    }

    /**
     * A task on an agent: an attempt of a run of a job, or an instance of a service ({@code service}); all null when it
     * is neither (or no longer) known.
     */
    public record Task(long id, Long run, String job, String state, String runHref, String jobHref, String service) {
    }

    public record Card(String id, String hostname, String state, boolean connected, Instant lastHeartbeat, List<Meter> meters,
                       Map<String, String> attributes, List<String> ports, List<Task> tasks, String drainUrl, String undrainUrl,
                       String reason) {
    }

    @GET
    public TemplateInstance page() {
        return Templates.agents(cards());
    }

    /** The list alone, polled by the page. */
    @GET
    @Path("list")
    public TemplateInstance list() {
        return Templates.agents$list(cards());
    }

    /** The page's drain button; answers with the list so the button's row shows the new state at once. */
    @POST
    @Path("{id}/drain")
    public TemplateInstance drain(@PathParam("id") String id) {
        operations.drain(id, true);
        return list();
    }

    @POST
    @Path("{id}/undrain")
    public TemplateInstance undrain(@PathParam("id") String id) {
        operations.drain(id, false);
        return list();
    }

    private List<Card> cards() {
        List<AgentView> views = agents.list();
        List<Long> taskIds = views.stream().flatMap(a -> a.runningTasks().stream()).toList();
        Map<Long, RunSummaries.RunLine> byTask = runs.runsOfAttempts(taskIds);
        Map<Long, String> services = instances.servicesOf(taskIds);
        List<Card> out = new ArrayList<>();
        for (AgentView a : views) {
            List<Task> tasks = a.runningTasks().stream().map(t -> {
                RunSummaries.RunLine r = byTask.get(t);
                return r == null ? new Task(t, null, null, null, null, null, services.get(t))
                        : new Task(t, r.id(), r.job(), r.state().name(), Links.run(r.id()), Links.job(r.job()), null);
            }).toList();
            String base = "/agents/" + Links.encode(a.id());
            out.add(new Card(a.id(), a.hostname(), a.state().name(), a.connected(), a.lastHeartbeat(), Meter.of(a.total(), a.allocated()),
                    a.attributes(), a.ports(), tasks, base + "/drain", base + "/undrain",
                    a.reason()));
        }
        return out;
    }
}
