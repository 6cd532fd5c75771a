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
        Response r = respond(status(e), title(e.kind()), e.getMessage(), e);
        // Marathon's answers carry the reason as "message": on its paths, so does Kairos' problem
        if (uri != null && uri.getPath().startsWith("/v2/")) {
            return Response.fromResponse(r).entity(((Problem) r.getEntity()).forMarathon()).build();
        }
        return r;
    }

    @ServerExceptionMapper
    public Response json(com.fasterxml.jackson.core.JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return respond(400, "Malformed JSON", "the body is not valid JSON" + where + ": " + e.getOriginalMessage(), null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return respond(status, Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), e.getMessage(), null);
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
        return respond(500, "Internal error", "Kairos failed to handle the request: " + e.getClass().getSimpleName(), null);
    }

    private static Response respond(int status, String title, String detail, ApiException api) {
        Problem p = new Problem("about:blank", title, status, detail, api == null ? null : api.errors());
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
