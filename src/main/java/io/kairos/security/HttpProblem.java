package io.kairos.security;

import io.kairos.api.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * Answers for the gates that stand before the REST layer (Vert.x filters and routes), in the same problem+json the
 * REST layer answers with; and which methods change nothing, as every gate reads them.
 */
public final class HttpProblem {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private HttpProblem() {
    }

    /** True for the methods that only read. */
    public static boolean safe(String method) {
        return SAFE_METHODS.contains(method);
    }

    /** Ends {@code response} with a problem; {@code challenge} is the {@code WWW-Authenticate} value, or null. */
    public static void send(HttpServerResponse response, int status, String title, String detail, String challenge) {
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (challenge != null) {
            response.putHeader("WWW-Authenticate", challenge);
        }
        response.end(new JsonObject().put("type", "about:blank").put("title", title).put("status", status)
                .put("detail", detail).encode());
    }
}
