package io.kairos.compat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.service.Deployments;
import io.kairos.service.InstanceEvents;
import io.kairos.service.InstanceLifecycle;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import java.time.Instant;
import java.util.List;

/**
 * Marathon's {@code /v2/events}: a server-sent event stream of task status changes, health changes and deployments, in
 * Marathon's event types and fields. Events are made where instances change, which is on the leader: a client follows
 * the leader's stream (as Marathon's do; {@code /v2/leader} says where it is).
 */
@ApplicationScoped
@Path("/v2/events")
public class MarathonEvents {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final BroadcastProcessor<Named> events = BroadcastProcessor.create();

    /** One event: Marathon's event type and its JSON. */
    record Named(String type, ObjectNode data) {
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@QueryParam("event_type") List<String> types, @Context Sse sse) {
        ObjectNode attached = F.objectNode().put("remoteAddress", "client").put("eventType", "event_stream_attached")
                .put("timestamp", Instant.now().toString());
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(new Named("event_stream_attached", attached)),
                        events.toHotStream())
                .filter(e -> types.isEmpty() || types.contains(e.type()))
                .map(e -> sse.newEventBuilder().name(e.type()).data(e.data().toString()).build());
    }

    void onInstance(@Observes(during = TransactionPhase.AFTER_SUCCESS) InstanceEvents.InstanceChanged c) {
        String taskId = MarathonApps.taskId(c.serviceId(), c.task().value());
        ObjectNode status = F.objectNode().put("eventType", "status_update_event").put("timestamp", c.at().toString())
                .put("slaveId", c.agentId()).put("taskId", taskId).put("taskStatus", c.state().marathon())
                .put("appId", c.serviceId()).put("host", c.host()).put("version", c.at().toString());
        status.putArray("ports");
        events.onNext(new Named("status_update_event", status));
        if (c.health() != InstanceLifecycle.Health.UNKNOWN && !c.state().isTerminal()) {
            events.onNext(new Named("health_status_changed_event", F.objectNode().put("eventType", "health_status_changed_event")
                    .put("timestamp", c.at().toString()).put("appId", c.serviceId()).put("taskId", taskId)
                    .put("instanceId", taskId).put("alive", c.health() == InstanceLifecycle.Health.HEALTHY)));
        }
    }

    void onDeployment(@Observes(during = TransactionPhase.AFTER_SUCCESS) Deployments.DeploymentChanged d) {
        String type = switch (d.state()) {
            case RUNNING -> "deployment_info";
            case SUCCEEDED -> "deployment_success";
            case SUPERSEDED, CANCELLED -> "deployment_failed";
        };
        ObjectNode data = F.objectNode().put("eventType", type).put("timestamp", d.at().toString()).put("id", d.id().toString());
        data.putObject("plan").put("id", d.id().toString()).putArray("affectedApps").add(d.serviceId());
        events.onNext(new Named(type, data));
    }
}
