package io.kairos.cluster;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Who leads: {@code GET /api/v1/cluster}. */
@Path("/api/v1/cluster")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {

    /** {@code leaderUrl} is null when no scheduler leads, or without ZooKeeper (this one leads). */
    public record ClusterView(boolean clustered, boolean leader, long epoch, String leaderUrl) {
    }

    private final Leadership leadership;

    ClusterResource(Leadership leadership) {
        this.leadership = leadership;
    }

    @GET
    public ClusterView get() {
        return new ClusterView(leadership.clustered(), leadership.isLeader(), leadership.epoch(),
                leadership.leaderUrl().orElse(null));
    }
}
