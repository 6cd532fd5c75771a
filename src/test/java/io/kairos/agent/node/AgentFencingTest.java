package io.kairos.agent.node;

import io.kairos.agent.AgentResources;
import io.kairos.agent.ProcessContainerizer;
import io.kairos.task.TaskId;
import io.kairos.agent.protocol.Message;
import io.kairos.allocator.AgentId;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent obeys only the newest leader it has heard from. */
class AgentFencingTest {

    private final Vertx vertx = Vertx.vertx();
    private final AgentNode agent = new AgentNode(vertx, List.of("http://127.0.0.1:9"),
            new AgentIdentity(new AgentId("fenced"), "localhost", AgentResources.parse("cpus:1;mem:256"), Map.of()),
            new ProcessContainerizer(), new AgentNode.Timing(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(1)),
            Clock.systemUTC(), () -> { });

    @AfterEach
    void close() {
        agent.close();
        vertx.close();
    }

    private static Message.Launch sleep(long epoch, long taskId) {
        return new Message.Launch(epoch, new Message.Task(taskId, 1, "fencing", null, false, "sleep 30", null, Map.of(), 0, 0, 0, List.of(), false));
    }

    @Test
    void an_agent_refuses_commands_from_an_epoch_older_than_the_newest_it_has_seen() {
        assertTrue(agent.handle(new Message.Registered(10, "fenced", 5000)));

        assertFalse(agent.handle(sleep(9, 1)), "a launch from the deposed leader is refused");
        assertTrue(agent.running().isEmpty());

        assertTrue(agent.handle(sleep(10, 2)));
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.running().contains(new TaskId(2)));

        assertFalse(agent.handle(new Message.Kill(7, 2, 100)), "a kill from the deposed leader is refused");
        assertTrue(agent.handle(new Message.Kill(11, 2, 100)), "a newer leader is obeyed, and becomes the newest");
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.running().isEmpty());
        assertFalse(agent.handle(sleep(10, 3)), "epoch 10 is now older than the newest seen, 11");
    }

    @Test
    void a_launch_sent_twice_runs_the_task_once() {
        assertTrue(agent.handle(sleep(1, 5)));
        assertTrue(agent.handle(sleep(1, 5)));
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.running().contains(new TaskId(5)));
        assertEquals(1, agent.running().size());
    }
}
