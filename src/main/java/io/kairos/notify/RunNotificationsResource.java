package io.kairos.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.run.RunQueries;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/** {@code GET /api/v1/runs/{id}/notifications}: the run's messages with their delivery state, oldest first. */
@Tag(name = "Runs", description = "Runs and their attempts, logs, kill, rerun, mark-success; the queue; backfill")
@Path("/api/v1/runs/{id}/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class RunNotificationsResource {

    private final NotificationOutbox outbox;
    private final RunQueries runs;
    private final ObjectMapper json;

    RunNotificationsResource(NotificationOutbox outbox, RunQueries runs, ObjectMapper json) {
        this.outbox = outbox;
        this.runs = runs;
        this.json = json;
    }

    @GET
    @Operation(summary = "A run's notifications",
            description = "Each webhook or e-mail recorded for the run, with its delivery state and attempts.")
    public List<DeliveryView> list(@PathParam("id") long id) throws SQLException, IOException {
        runs.get(id); // 404 for an unknown run
        return outbox.ofRun(id, json);
    }
}
