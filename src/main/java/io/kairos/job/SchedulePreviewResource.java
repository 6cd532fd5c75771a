package io.kairos.job;

import io.kairos.api.ApiException;
import io.kairos.api.Problem;
import io.kairos.schedule.InvalidScheduleException;
import io.kairos.schedule.ScheduleSpec;
import io.kairos.schedule.Schedules;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Lets a user see when a schedule would fire before saving a job with it. */
@Tag(name = "Schedules", description = "Schedule previews")
@Path("/api/v1/schedules/preview")
@Produces(MediaType.APPLICATION_JSON)
public class SchedulePreviewResource {

    private final Clock clock;

    SchedulePreviewResource(Clock clock) {
        this.clock = clock;
    }

    public record Preview(List<Instant> fireTimes) {
    }

    @GET
    @Operation(summary = "Preview a schedule",
            description = "The next count fire instants (UTC) after from (default now) of a cron or ISO-8601 repeating interval "
                    + "in a time zone.")
    @APIResponse(responseCode = "422", description = "the schedule or zone is invalid",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Preview preview(@QueryParam("cron") String cron, @QueryParam("iso8601") String iso8601,
                           @QueryParam("timezone") String timezone, @QueryParam("count") @DefaultValue("10") int count,
                           @QueryParam("from") String from) {
        if (count < 1 || count > 1000) {
            throw ApiException.invalid("count", "must be between 1 and 1000");
        }
        Instant start;
        try {
            start = from == null || from.isBlank() ? clock.instant() : Instant.parse(from);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("from", "must be an ISO-8601 instant such as 2026-03-29T00:00:00Z");
        }
        if (cron == null && iso8601 == null) {
            throw ApiException.invalid("cron", "give cron or iso8601");
        }
        try {
            var schedule = Schedules.parse(new ScheduleSpec(cron, iso8601, timezone)).orElseThrow();
            return new Preview(Schedules.preview(schedule, start, count));
        } catch (InvalidScheduleException e) {
            throw ApiException.invalid(e.field(), e.getMessage());
        }
    }
}
