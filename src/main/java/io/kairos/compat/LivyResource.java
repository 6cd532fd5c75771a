package io.kairos.compat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.api.ApiException;
import io.kairos.api.FieldError;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.HttpHeaders;

import java.util.List;
import java.util.Map;

/**
 * Apache Livy's batch API ({@code /batches}), for tools that already submit Spark applications through Livy
 * (Airflow's LivyOperator, notebooks, scripts). Thin: the translation is {@link LivyBatchJson}, the work
 * {@link LivyService}'s.
 */
@Path("/batches")
@Produces(MediaType.APPLICATION_JSON)
public class LivyResource {

    private final LivyService livy;

    LivyResource(LivyService livy) {
        this.livy = livy;
    }

    /**
     * {@code 201} with the batch and Livy's relative {@code Location: /batches/{id}}; what was accepted without effect is
     * in {@code Warnings}. {@code ?doAs=} is Livy's impersonation parameter: it names the batch's proxy user, over the
     * body's {@code proxyUser}, as in Livy.
     */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response submit(JsonNode body, @QueryParam("doAs") String doAs) {
        LivyService.Created c = livy.submit(body, doAs);
        // a header set by hand: Response.created would make it absolute against the request's base URI
        Response.ResponseBuilder r = Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/batches/" + c.batch().id())
                .entity(c.batch());
        c.warnings().forEach(w -> r.header(ChronosResource.WARNINGS, w));
        return r.build();
    }

    /** Livy's paging: {@code from} (default 0) and {@code size} (default 100, no upper bound; 0 or less: no batches). */
    @GET
    public Map<String, Object> list(@QueryParam("from") String from, @QueryParam("size") String size) {
        Integer f = number(from, "from");
        Integer s = number(size, "size");
        if (f != null && f < 0) {
            throw ApiException.badRequest(List.of(new FieldError("from", "must be 0 or more")));
        }
        return livy.list(f == null ? 0 : f, s == null ? 100 : s);
    }

    @GET
    @Path("{id}")
    public LivyService.BatchView get(@PathParam("id") String id) {
        return livy.get(id(id));
    }

    @GET
    @Path("{id}/state")
    public Map<String, Object> state(@PathParam("id") String id) {
        return livy.state(id(id));
    }

    /** Livy's log paging: a {@code from} below 0 is the default (the last {@code size} lines), as in Livy. */
    @GET
    @Path("{id}/log")
    public Map<String, Object> log(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("size") String size) {
        Integer f = number(from, "from");
        return livy.log(id(id), f == null || f < 0 ? null : f, number(size, "size"));
    }

    /** Kills the batch if it is going and forgets it: Livy's answer, {@code {"msg": "deleted"}}. */
    @DELETE
    @Path("{id}")
    public Map<String, String> delete(@PathParam("id") String id) {
        livy.delete(id(id));
        return Map.of("msg", "deleted");
    }

    /** Livy looks a batch up by its numeric id only, and answers anything else (a name) with a 400. */
    private static long id(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(List.of(new FieldError("id", "'" + text + "' is not a batch id: batches are "
                    + "found by their numeric id only, as in Livy (GET /batches lists them with their names)")));
        }
    }

    /** A query parameter Livy reads as an int: absent is null, anything but an int a 400 naming it (Livy's too). */
    private static Integer number(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(List.of(new FieldError(field, "must be a whole number, not '" + text + "'")));
        }
    }
}
