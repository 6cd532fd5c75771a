package io.kairos.service;

import io.kairos.task.TaskId;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A service's view reads its instances twice, the live ones and then the ended ones, in one transaction. These tests
 * put what happens between the two reads in a transaction of its own, so no timing decides the outcome.
 */
@QuarkusTest
class ServiceViewsTest {

    /** Its instances cannot be placed anywhere: the allocation loop leaves this service alone while the test runs. */
    private static final String DEFINITION = """
            {"id": "%s", "command": "sleep 600", "instances": 1, "constraints": [["hostname", "LIKE", "nowhere"]]}""";

    @Inject
    ServiceViews views;
    @Inject
    ServiceStore store;
    @Inject
    InstanceEvents events;
    @Inject
    java.time.Clock clock;

    @Test
    void an_instance_that_ended_between_reads_is_listed_once() {
        String service = "/views-test/ended-between-reads";
        long task = QuarkusTransaction.requiringNew().call(() -> serviceWithOneRunningInstance(service));
        try {
            ServiceView view = QuarkusTransaction.requiringNew().call(() -> {
                ServiceEntity e = ServiceEntity.findById(service);
                List<InstanceEntity> live = views.live(List.of(service)).get(service);
                assertEquals(1, live.size(), "the first read finds the instance live");
                // the instance ends, committed, between the reads (report runs in a transaction of its own)
                events.report(new TaskId(task), null, new InstanceLifecycle.Lost("agent lost"));
                // the second read finds its row ended, and Hibernate hands it the entity the first read loaded
                return views.of(e, store.definition(e), live, null);
            });
            assertEquals(List.of(task), view.tasks().stream().map(InstanceView::id).toList());
        } finally {
            QuarkusTransaction.requiringNew().run(() -> ServiceEntity.deleteById(service)); // its instances go with it
        }
    }

    private long serviceWithOneRunningInstance(String id) {
        Instant now = clock.instant();
        ServiceEntity s = new ServiceEntity();
        s.id = id;
        s.definition = DEFINITION.formatted(id);
        s.configVersion = 1;
        s.createdAt = now;
        s.updatedAt = now;
        s.persist();
        InstanceEntity i = new InstanceEntity();
        i.id = ((Number) InstanceEntity.getEntityManager().createNativeQuery("SELECT nextval('attempt_id_seq')").getSingleResult())
                .longValue();
        i.serviceId = id;
        i.configVersion = 1;
        i.state = InstanceState.RUNNING;
        i.health = InstanceLifecycle.Health.UNKNOWN;
        i.agentId = "views-test-agent";
        i.task = "{}";
        i.createdAt = now;
        i.startedAt = now;
        i.persist();
        return i.id;
    }
}
