package io.kairos.ui;

import io.kairos.job.JobService;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/** Editing a job: the form with every field, and the JSON editor of the whole definition. */
@Path("/jobs/{name}/edit")
@Produces(MediaType.TEXT_HTML)
public class JobEditPage {

    private final JobEditor editor;
    private final JobService jobs;

    JobEditPage(JobEditor editor, JobService jobs) {
        this.editor = editor;
        this.jobs = jobs;
    }

    @GET
    public TemplateInstance form(@PathParam("name") String name) {
        return editor.form(name);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@PathParam("name") String name, MultivaluedMap<String, String> form) {
        jobs.entity(name);
        return editor.save(name, form::getFirst);
    }

    @POST
    @Path("json")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response updateFromJson(@PathParam("name") String name, MultivaluedMap<String, String> form) {
        jobs.entity(name);
        return editor.saveJson(name, form.getFirst("definition"));
    }
}
