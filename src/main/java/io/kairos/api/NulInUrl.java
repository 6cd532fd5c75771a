package io.kairos.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;

/**
 * Refuses a NUL character ({@code %00}) in a request's path or query, for every API family and console page at
 * once, before any of it reaches a query (PostgreSQL refuses NUL in text, which was a 500). Nothing stored can
 * have a NUL in its name (bodies are checked by {@link JsonFields}), so a path with one finds nothing: 404. A
 * query parameter with one cannot be text Kairos reads: 400 naming the parameter, the same for Kairos' own API
 * and for the Chronos and Livy APIs, which answer bad input with 400.
 */
public class NulInUrl {

    @ServerRequestFilter(preMatching = true)
    public void refuse(ContainerRequestContext request) {
        UriInfo uri = request.getUriInfo();
        if (JsonFields.hasNul(uri.getPath())) {
            throw ApiException.notFound("nothing has a name with a NUL character (%00) in it");
        }
        for (Map.Entry<String, List<String>> p : uri.getQueryParameters().entrySet()) {
            if (JsonFields.hasNul(p.getKey()) || p.getValue().stream().anyMatch(JsonFields::hasNul)) {
                throw ApiException.malformed(p.getKey(), JsonFields.NUL_MESSAGE);
            }
        }
    }
}
