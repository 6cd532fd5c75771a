package io.kairos.compat;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Marathon's {@code /ping}: load balancers and scripts ask it whether Marathon is up. */
@Path("/ping")
public class MarathonPing {

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String ping() {
        return "pong";
    }
}
