package io.kairos.ui;

import io.kairos.api.ApiException;
import io.kairos.service.DeploymentView;
import io.kairos.service.Deployments;
import io.kairos.service.ServiceService;
import io.kairos.service.ServiceView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * Services: each with its instances (agent, host ports, health, state), the deployment in progress and its progress,
 * scale and restart buttons, and its latest deployments as its events.
 */
@Path("/services")
@Produces(MediaType.TEXT_HTML)
public class ServicesPage {

    private static final int EVENTS = 5;

    private final ServiceService services;
    private final Deployments deployments;

    ServicesPage(ServiceService services, Deployments deployments) {
        this.services = services;
        this.deployments = deployments;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance services(List<Card> services, String message);

        static native TemplateInstance services$list(List<Card> services, String message);

        static native TemplateInstance services$live(Card c, String message);
    }

    /**
     * One service: its view, what it is at in words, its latest deployments, and the URLs of its buttons and of its
     * live part (polled alone, so that a number being typed into the scale form is not swapped away).
     */
    public record Card(ServiceView service, String progress, List<DeploymentView> events, String scaleUrl, String restartUrl,
                       String liveUrl) {
    }

    @GET
    public TemplateInstance page() {
        return Templates.services(cards(), null);
    }

    /** The list alone. */
    @GET
    @Path("list")
    public TemplateInstance list() {
        return Templates.services$list(cards(), null);
    }

    /** One service's live part, polled by its card. */
    @GET
    @Path("{id: .+}/live")
    public TemplateInstance live(@PathParam("id") String id) {
        return Templates.services$live(card(services.get("/" + id)), null);
    }

    @POST
    @Path("{id: .+}/scale")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance scale(@PathParam("id") String id, @FormParam("instances") String instances) {
        try {
            int n;
            try {
                n = Integer.parseInt(instances == null ? "" : instances.trim());
            } catch (NumberFormatException e) {
                throw ApiException.invalid("/instances", "must be a whole number");
            }
            return Templates.services$live(card(services.scale("/" + id, n)), "scaled to " + n);
        } catch (ApiException e) {
            return Templates.services$live(card(services.get("/" + id)), e.getMessage());
        }
    }

    @POST
    @Path("{id: .+}/restart")
    public TemplateInstance restart(@PathParam("id") String id) {
        try {
            return Templates.services$live(card(services.restart("/" + id, io.kairos.api.IfMatch.ALWAYS, false)), "restarting");
        } catch (ApiException e) {
            return Templates.services$live(card(services.get("/" + id)), e.getMessage());
        }
    }

    private List<Card> cards() {
        return services.list().stream().map(this::card).toList();
    }

    private Card card(ServiceView s) {
        String base = "/services" + s.definition().id();
        return new Card(s, progress(s), deployments.ofService(s.definition().id(), EVENTS), base + "/scale", base + "/restart",
                base + "/live");
    }

    private static String progress(ServiceView s) {
        ServiceView.Deployment d = s.deployment();
        if (d == null) {
            return null;
        }
        return d.kind().name().toLowerCase(java.util.Locale.ROOT) + " to configuration " + d.configVersion() + ": " + d.updated()
                + " of " + d.target() + " updated" + (d.oldRemaining() > 0 ? ", " + d.oldRemaining() + " old remaining" : "");
    }
}
