package io.kairos.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.api.ApiException;
import io.kairos.api.ProblemMapper;
import io.kairos.job.JobDefinition;
import io.kairos.job.JobJson;
import io.kairos.job.JobService;
import io.kairos.job.JobView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The job form behind {@link NewJobPage} and {@link JobEditPage}: an input per field and a JSON
 * editor of the whole definition. Both go through the API's parser ({@link JobJson}) and
 * {@link JobService}, so they accept and refuse exactly what {@code POST}/{@code PUT
 * /api/v1/jobs} do, and a refusal comes back with each error beside the input it names.
 */
@ApplicationScoped
public class JobEditor {

    @CheckedTemplate(basePath = "JobEdit")
    static class Templates {
        static native TemplateInstance edit(EditView view);
    }

    /**
     * @param name      the job's name, or null for a new job
     * @param errors    problems no single input owns
     * @param jsonError the JSON editor's problem, when it was the one sent
     */
    public record EditView(String name, List<JobForm.Group> groups, String definitionJson, List<String> errors, String jsonError) {
        public boolean isNew() {
            return name == null;
        }

        /** A job cannot be renamed: its name is shown, not edited. */
        public boolean readonly(String field) {
            return name != null && field.equals("/name");
        }

        public String action() {
            return name == null ? "/jobs/_new" : "/jobs/" + name + "/edit";
        }
    }

    private final JobService jobs;
    private final ObjectMapper json;

    JobEditor(JobService jobs, ObjectMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    /** The form for {@code name} (null: a new job, showing the defaults the API fills in). */
    TemplateInstance form(String name) {
        JsonNode values = values(name);
        return Templates.edit(new EditView(name, JobForm.regroup(FormFields.fill(JobForm.FIELDS, values, json)), pretty(values),
                List.of(), null));
    }

    Response save(String name, Function<String, String> form) {
        ObjectNode body = JobForm.toJson(form);
        try {
            return saved(store(name, body));
        } catch (ApiException e) {
            List<String> unplaced = new ArrayList<>();
            List<FormField> fields = FormFields.withErrors(FormFields.fill(JobForm.FIELDS, form), e.errors(), unplaced);
            if (e.errors().isEmpty()) {
                unplaced.add(e.getMessage());
            }
            return refused(e, Templates.edit(new EditView(name, JobForm.regroup(fields), pretty(body), unplaced, null)));
        }
    }

    Response saveJson(String name, String text) {
        try {
            JsonNode body;
            try {
                body = json.readTree(text == null ? "" : text);
            } catch (JsonProcessingException e) {
                throw ApiException.malformed("/", "not valid JSON: " + e.getOriginalMessage());
            }
            return saved(store(name, body));
        } catch (ApiException e) {
            String problem = e.errors().isEmpty() ? e.getMessage()
                    : String.join("; ", e.errors().stream().map(f -> f.field() + ": " + f.message()).toList());
            List<FormField> fields = FormFields.fill(JobForm.FIELDS, values(name), json);
            return refused(e, Templates.edit(new EditView(name, JobForm.regroup(fields), text, List.of(), problem)));
        }
    }

    static Response refused(ApiException e, TemplateInstance page) {
        return Response.status(ProblemMapper.status(e)).type(MediaType.TEXT_HTML_TYPE).entity(page).build();
    }

    private JsonNode values(String name) {
        if (name != null) {
            return json.valueToTree(jobs.get(name).definition());
        }
        ObjectNode defaults = json.valueToTree(JobJson.parse(json.createObjectNode().put("name", "new-job").put("command", "true"), null));
        defaults.remove("name");
        defaults.remove("command");
        return defaults;
    }

    private JobView store(String name, JsonNode body) {
        JobDefinition def = JobJson.parse(body, name);
        return name == null ? jobs.create(def) : jobs.update(def);
    }

    private static Response saved(JobView job) {
        return Response.seeOther(URI.create("/jobs/" + job.definition().name() + "?message=saved")).build();
    }

    private String pretty(JsonNode n) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
