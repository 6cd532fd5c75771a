package io.kairos.framework;

import io.kairos.agent.AgentHandle;
import io.kairos.allocator.AgentId;
import io.kairos.allocator.Allocator;
import io.kairos.allocator.PortRanges;
import io.kairos.allocator.Resources;
import io.kairos.run.RunService;
import io.kairos.run.TaskEvents;
import io.kairos.service.Instances;
import io.kairos.task.TaskId;
import io.kairos.task.TaskSpec;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tasks adopted when an agent registers again (or a new leader takes over) keep when they really started, so that
 * preemption's "youngest first" still holds after a failover. The agent is a stand-in that reports the tasks the test
 * staged on it; the jobs' and the service's constraint matches no agent, so the dispatcher never places them itself.
 */
@QuarkusTest
class AdoptedStartTest {

    private static final String NOWHERE = "\"constraints\":[[\"hostname\",\"EQUALS\",\"nowhere\"]]";

    @Inject
    AgentMembership membership;
    @Inject
    Pool pool;
    @Inject
    RunService runs;
    @Inject
    TaskEvents reports;
    @Inject
    Instances instances;

    /** An agent that runs what it is told it runs, and nothing else. */
    private record StandIn(AgentId id, Set<TaskId> running) implements AgentHandle {
        @Override
        public String hostname() {
            return id.value();
        }

        @Override
        public Resources resources() {
            return new Resources(2, 1024, 0);
        }

        @Override
        public Map<String, String> attributes() {
            return Map.of();
        }

        @Override
        public void launch(TaskSpec spec) {
        }

        @Override
        public void kill(TaskId task, Duration grace) {
        }
    }

    private static long runNow(String job) {
        return given().post("/api/v1/jobs/" + job + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static JsonPath run(long id) {
        return given().get("/api/v1/runs/" + id).then().statusCode(200).extract().jsonPath();
    }

    private TaskId stageOn(AgentId agent, long runId, String job) {
        Optional<TaskSpec> spec = runs.stage(runId, agent, Map.of(), attempt -> new TaskSpec(new TaskId(attempt), runId, job,
                Optional.empty(), false, "sleep 60", null, Map.of(), 0.1, 16));
        return spec.orElseThrow().taskId();
    }

    @Test
    void tasks_adopted_at_registration_keep_their_real_start_and_preemption_then_takes_the_youngest() {
        AgentId agent = new AgentId("adopting-" + java.util.UUID.randomUUID());
        long early = -1;
        long late = -1;
        try {
            for (String job : List.of("adopted-early", "adopted-late")) {
                given().contentType(ContentType.JSON).body("""
                        {"name": "%s", "tier": "revocable", "command": "sleep 60", "resources": {"cpus": 0.1, "memMb": 16}, %s}"""
                        .formatted(job, NOWHERE)).post("/api/v1/jobs").then().statusCode(201);
            }
            given().contentType(ContentType.JSON).body("""
                    {"id": "/adopted/web", "instances": 1, "command": "sleep 60", "resources": {"cpus": 0.1, "memMb": 16}, %s}"""
                    .formatted(NOWHERE)).post("/api/v1/services").then().statusCode(201);
            early = runNow("adopted-early");
            late = runNow("adopted-late");
            // the early run is staged and started, then the late one is staged: the late one is the younger
            TaskId earlyTask = stageOn(agent, early, "adopted-early");
            reports.onStarted(earlyTask, "c-early");
            TaskId lateTask = stageOn(agent, late, "adopted-late");
            Instances.Wanted web = instances.demand().stream().filter(w -> w.serviceId().equals("/adopted/web")).findFirst().orElseThrow();
            TaskId instance = instances.stage(web, agent, agent.value(), PortRanges.NONE).orElseThrow().taskId();

            membership.register(new StandIn(agent, Set.of(earlyTask, lateTask, instance)));

            assertEquals(Instant.parse(run(early).getString("attempts[0].startedAt")), pool.placed().get(earlyTask).since(),
                    "a started attempt: when it started");
            assertEquals(Instant.parse(run(late).getString("attempts[0].createdAt")), pool.placed().get(lateTask).since(),
                    "an attempt not started yet: when it was staged");
            JsonPath service = given().get("/api/v1/services/adopted/web").then().statusCode(200).extract().jsonPath();
            assertEquals(Instant.parse(service.getString("tasks[0].createdAt")), pool.placed().get(instance).since(),
                    "an instance: when its row says");

            // the agent full: preemption on it takes the younger of the two adopted runs
            List<Preemption.Candidate> candidates = pool.placed().entrySet().stream()
                    .filter(e -> e.getValue().agent().equals(agent) && e.getValue().revocable())
                    .map(e -> new Preemption.Candidate(e.getKey(), agent, e.getValue().resources(), e.getValue().priority(),
                            e.getValue().since(), e.getValue().job()))
                    .toList();
            Resources total = new Resources(2, 1024, 0);
            Allocator.AgentView full = new Allocator.AgentView(agent, agent.value(), Map.of(), total, total, Resources.NONE, false);
            Preemption.Choice choice = Preemption.choose(new Resources(0.1, 16, 0), 0, List.of(full), candidates).orElseThrow();
            assertEquals(List.of(lateTask), choice.victims().stream().map(Preemption.Candidate::task).toList());
        } finally {
            membership.agentLost(agent, "the test is over");
            for (long r : new long[]{early, late}) {
                if (r > 0) {
                    given().post("/api/v1/runs/" + r + "/kill");
                }
            }
            given().delete("/api/v1/services/adopted/web");
        }
    }
}
