package io.kairos.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place errors become HTTP answers: every refusal is {@code application/problem+json}. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return respond(e.status(), e.title(), e.getMessage(), e);
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

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected error", e);
        return respond(500, "Internal error", "Kairos failed to handle the request: " + e.getClass().getSimpleName(), null);
    }

    private static Response respond(int status, String title, String detail, ApiException api) {
        Problem p = new Problem("about:blank", title, status, detail, api == null ? null : api.errors());
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
