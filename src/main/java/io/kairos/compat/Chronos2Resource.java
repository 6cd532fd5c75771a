package io.kairos.compat;

import io.kairos.dag.service.GraphService;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Chronos 2.x clients (chronos-python among them) call {@code /scheduler/...}: the same API as
 * {@link ChronosResource}, under the prefix Chronos served before 3.0.
 */
@Tag(name = "Chronos 2.x", description = "The Chronos API under its 2.x prefix /scheduler")
@Path("/scheduler")
public class Chronos2Resource extends ChronosResource {

    Chronos2Resource(ChronosService chronos, GraphService graphs, io.kairos.cluster.Leadership leadership, ChronosStats stats) {
        super(chronos, graphs, leadership, stats);
    }
}
