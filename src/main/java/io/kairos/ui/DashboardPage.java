package io.kairos.ui;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The console's front page. Pages are Qute templates under templates/&lt;Page class&gt;/ and share templates/layout.html. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class DashboardPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard();
    }

    @GET
    public TemplateInstance dashboard() {
        return Templates.dashboard();
    }
}
