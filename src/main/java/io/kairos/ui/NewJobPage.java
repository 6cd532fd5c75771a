package io.kairos.ui;

import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/** The "New job" form. At {@code /jobs/_new}: a job's name never starts with '_', so no job's page is hidden by it. */
@Path("/jobs/_new")
@Produces(MediaType.TEXT_HTML)
public class NewJobPage {

    private final JobEditor editor;

    NewJobPage(JobEditor editor) {
        this.editor = editor;
    }

    @GET
    public TemplateInstance form() {
        return editor.form(null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(MultivaluedMap<String, String> form) {
        return editor.save(null, form::getFirst);
    }

    @POST
    @Path("json")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createFromJson(MultivaluedMap<String, String> form) {
        return editor.saveJson(null, form.getFirst("definition"));
    }
}
