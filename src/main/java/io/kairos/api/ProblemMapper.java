package io.kairos.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Optional;

/**
 * The one place errors become HTTP answers: every refusal is {@code application/problem+json}, and this is
 * the only class that knows which status each {@link ApiException.Kind} is.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    public static int status(ApiException.Kind kind) {
        return switch (kind) {
            case INVALID -> 422;
            case MALFORMED, BAD_REQUEST -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case STALE -> 412;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
        };
    }

    public static int status(ApiException e) {
        return status(e.kind());
    }

    public static String title(ApiException.Kind kind) {
        return switch (kind) {
            case INVALID -> "Invalid input";
            case MALFORMED -> "Malformed request";
            case BAD_REQUEST -> "Bad Request";
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "Conflict";
            case STALE -> "Precondition failed";
            case UNAUTHENTICATED -> "Unauthorized";
            case FORBIDDEN -> "Forbidden";
        };
    }

    @ServerExceptionMapper
    public Response api(ApiException e, jakarta.ws.rs.core.UriInfo uri) {
        return respond(status(e), title(e.kind()), e.getMessage(), e, uri);
    }

    @ServerExceptionMapper
    public Response json(com.fasterxml.jackson.core.JsonProcessingException e, jakarta.ws.rs.core.UriInfo uri) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return respond(400, "Malformed JSON", "the body is not valid JSON" + where + ": " + e.getOriginalMessage(), null, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, jakarta.ws.rs.core.UriInfo uri) {
        if (e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
            return json(json, uri); // a JSON body the framework could not read: say where, not just "400 Bad Request"
        }
        int status = e.getResponse().getStatus();
        return respond(status, Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), e.getMessage(), null, uri);
    }

    /**
     * A request that lost a race with another (a unique key taken, a row changed or deleted under it, a
     * deadlock the database broke) is a conflict the client may retry, not a failure of Kairos.
     */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, jakarta.ws.rs.core.UriInfo uri) {
        Optional<String> conflict = ConcurrentChange.of(e);
        if (conflict.isPresent()) {
            LOG.debugf("concurrent change refused as 409: %s", conflict.get());
            return api(ApiException.conflict(conflict.get()), uri);
        }
        LOG.error("unexpected error", e);
        return respond(500, "Internal error", "Kairos failed to handle the request: " + e.getClass().getSimpleName(), null, uri);
    }

    /** The problem, worded for the API of the request's path (Marathon's {@code message}, Livy's {@code msg}). */
    private static Response respond(int status, String title, String detail, ApiException api, jakarta.ws.rs.core.UriInfo uri) {
        Problem p = new Problem("about:blank", title, status, detail, api == null ? null : api.errors())
                .forPath(uri == null ? null : uri.getPath());
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
