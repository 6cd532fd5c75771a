package io.kairos.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.api.ApiException;
import io.kairos.api.JsonFields;
import io.kairos.api.Page;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.Set;

/** A job's runs: its history, and run-now. (A class of its own: JAX-RS matches the longest class path first.) */
@Path("/api/v1/jobs/{name}/runs")
@Produces(MediaType.APPLICATION_JSON)
public class JobRunsResource {

    private final RunService runs;
    private final ObjectMapper json;

    JobRunsResource(RunService runs, ObjectMapper json) {
        this.runs = runs;
        this.json = json;
    }

    /** Body, optional: {@code {"params": {"date": "2024-01-31"}, "extraArgs": ["--verbose"]}}. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response runNow(@PathParam("name") String name, String text) throws JsonProcessingException {
        JsonNode body = text == null || text.isBlank() ? null : json.readTree(text);
        JsonFields fields = new JsonFields();
        if (body != null && body.isObject()) {
            fields.rejectUnknown(body, "", Set.of("params", "extraArgs"), Set.of());
        } else if (body != null && !body.isNull()) {
            fields.error("/", "must be an object like {\"params\": {\"date\": \"2024-01-31\"}}");
        }
        List<String> extra = body != null && body.isObject() ? fields.stringList(body.get("extraArgs"), "/extraArgs") : null;
        fields.throwIfInvalid();
        RunView run = runs.runNow(name, body == null ? null : body.get("params"), extra == null ? List.of() : extra);
        return Response.created(URI.create("/api/v1/runs/" + run.id())).entity(run).build();
    }

    @GET
    public Page<RunView> list(@PathParam("name") String name, @QueryParam("page") @DefaultValue("0") int page,
                              @QueryParam("size") @DefaultValue("50") int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw ApiException.invalid(page < 0 ? "page" : "size", page < 0 ? "must be 0 or more" : "must be between 1 and 500");
        }
        return runs.listForJob(name, page, size);
    }

}
