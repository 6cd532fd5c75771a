package io.kairos.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.api.ApiException;
import io.kairos.api.JsonFields;
import io.kairos.api.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** {@code POST /api/v1/jobs/{name}/backfill {"from": instant, "to": instant, "maxParallel": n}}: 202 with the runs. */
@Tag(name = "Runs", description = "Runs and their attempts, logs, kill, rerun, mark-success; the queue; backfill")
@Path("/api/v1/jobs/{name}/backfill")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BackfillResource {

    private static final int MAX_PARALLEL = 1000;

    private final BackfillService backfills;

    BackfillResource(BackfillService backfills) {
        this.backfills = backfills;
    }

    @POST
    @Operation(summary = "Backfill a job",
            description = "Body {\"from\": instant, \"to\": instant, \"maxParallel\": n}: one BACKFILL run per schedule slot in "
                    + "[from, to], at most 10,000, each slot once.")
    @APIResponse(responseCode = "404", description = "no such job",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "invalid input; every bad field is named in errors",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Response backfill(@PathParam("name") String name, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.malformed("/", "the body must be an object like {\"from\": \"2024-01-01T00:00:00Z\","
                    + " \"to\": \"2024-01-31T00:00:00Z\", \"maxParallel\": 2}");
        }
        JsonFields fields = new JsonFields();
        fields.rejectUnknown(body, "", Set.of("from", "to", "maxParallel"), Set.of());
        Instant from = instant(body, "from", fields);
        Instant to = instant(body, "to", fields);
        Integer maxParallel = fields.integer(body, "/maxParallel", 1, MAX_PARALLEL);
        if (from != null && to != null && to.isBefore(from)) {
            fields.error("/to", "must not be before from");
        }
        fields.throwIfInvalid();
        BackfillService.Backfill b = backfills.backfill(name, from, to, maxParallel == null ? 1 : maxParallel);
        return Response.accepted(b).build();
    }

    private static Instant instant(JsonNode body, String key, JsonFields fields) {
        String text = fields.text(body, "/" + key, 64, false);
        if (text == null) {
            fields.error("/" + key, "is required: an instant like 2024-01-31T00:00:00Z");
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            fields.error("/" + key, "must be an instant like 2024-01-31T00:00:00Z, not '" + text + "'");
            return null;
        }
    }
}
