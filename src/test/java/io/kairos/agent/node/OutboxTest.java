package io.kairos.agent.node;

import io.kairos.agent.protocol.Message;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OutboxTest {

    private final Outbox outbox = new Outbox();
    private final List<Message> wire = new ArrayList<>();
    private final Instant t0 = Instant.parse("2030-01-01T00:00:00Z");

    private boolean send(Message m) {
        return wire.add(m);
    }

    private static Message.Status finished(String id, long task) {
        return new Message.Status(id, task, Message.StatusKind.FINISHED, null, new Message.Outcome("EXITED", 0, null));
    }

    @Test
    void reports_made_while_offline_go_out_in_order_once_online_and_updates_stay_until_acked() {
        Message.LogChunk out = new Message.LogChunk(7, "STDOUT", "aGkK");
        outbox.log(out);
        outbox.status(finished("u1", 7), t0);
        assertEquals(Set.of(7L), outbox.tasksAwaitingAck());

        outbox.online(this::send, t0);
        assertEquals(List.of(out, finished("u1", 7)), wire, "output before the end it precedes");

        wire.clear();
        outbox.offline();
        outbox.online(this::send, t0);
        assertEquals(List.of(finished("u1", 7)), wire, "the unacknowledged update again, the output not");

        outbox.acked("u1");
        assertEquals(0, outbox.awaitingAck());
        assertEquals(Set.of(), outbox.tasksAwaitingAck());
    }

    @Test
    void an_update_unanswered_for_a_while_is_sent_again() {
        outbox.online(this::send, t0);
        outbox.status(finished("u2", 8), t0);
        outbox.resendUnacked(t0, t0.plusSeconds(1));
        assertEquals(1, wire.size(), "not yet older than the limit");
        outbox.resendUnacked(t0.plusSeconds(30), t0.plusSeconds(31));
        assertEquals(2, wire.size());
    }
}
