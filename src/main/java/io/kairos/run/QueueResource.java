package io.kairos.run;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The queue: runs waiting to be placed, oldest first, each with why it waits. */
@Tag(name = "Runs", description = "Runs and their attempts, logs, kill, rerun, mark-success; the queue; backfill")
@Path("/api/v1/queue")
@Produces(MediaType.APPLICATION_JSON)
public class QueueResource {

    private final RunQueue runs;

    QueueResource(RunQueue runs) {
        this.runs = runs;
    }

    @GET
    @Operation(summary = "The queue",
            description = "Runs waiting to be placed, oldest first, each with waitingFor: why it waits.")
    public List<RunView> queue(@QueryParam("limit") @DefaultValue("500") int limit) {
        if (limit < 1 || limit > 5000) {
            throw io.kairos.api.ApiException.invalid("limit", "must be between 1 and 5000");
        }
        return runs.queue(limit);
    }
}
