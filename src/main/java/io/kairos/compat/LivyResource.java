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
import jakarta.ws.rs.core.UriBuilder;

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

    /** {@code 201} with the batch and its {@code Location}; what was accepted without effect is in {@code Warnings}. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response submit(JsonNode body) {
        LivyService.Created c = livy.submit(body);
        Response.ResponseBuilder r = Response.created(UriBuilder.fromPath("/batches/{id}").build(c.batch().id())).entity(c.batch());
        c.warnings().forEach(w -> r.header(ChronosResource.WARNINGS, w));
        return r.build();
    }

    @GET
    public Map<String, Object> list(@QueryParam("from") Integer from, @QueryParam("size") Integer size) {
        int f = from == null ? 0 : from;
        int s = size == null ? 100 : size;
        if (f < 0) {
            throw ApiException.badRequest(List.of(new FieldError("from", "must be 0 or more")));
        }
        if (s < 1 || s > 1000) {
            throw ApiException.badRequest(List.of(new FieldError("size", "must be between 1 and 1000")));
        }
        return livy.list(f, s);
    }

    @GET
    @Path("{id}")
    public LivyService.BatchView get(@PathParam("id") long id) {
        return livy.get(id);
    }

    @GET
    @Path("{id}/state")
    public Map<String, Object> state(@PathParam("id") long id) {
        return livy.state(id);
    }

    @GET
    @Path("{id}/log")
    public Map<String, Object> log(@PathParam("id") long id, @QueryParam("from") Integer from, @QueryParam("size") Integer size) {
        if (from != null && from < 0) {
            throw ApiException.badRequest(List.of(new FieldError("from", "must be 0 or more")));
        }
        return livy.log(id, from, size);
    }

    /** Kills the batch if it is going and forgets it: Livy's answer, {@code {"msg": "deleted"}}. */
    @DELETE
    @Path("{id}")
    public Map<String, String> delete(@PathParam("id") long id) {
        livy.delete(id);
        return Map.of("msg", "deleted");
    }
}
