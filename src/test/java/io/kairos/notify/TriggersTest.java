package io.kairos.notify;

import io.kairos.job.Notification;
import io.kairos.job.Notification.Event;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TriggersTest {

    private static Notification on(Event... events) {
        return new Notification(List.of(events), new Notification.Webhook("http://127.0.0.1:1/x", Notification.Format.json), null);
    }

    @Test
    void a_success_is_sent_to_targets_that_ask_for_it() {
        assertEquals(Optional.of(Event.SUCCESS), Triggers.forEnding("SUCCEEDED", false, on(Event.SUCCESS)));
        assertEquals(Optional.empty(), Triggers.forEnding("SUCCEEDED", false, on(Event.FAILURE)));
    }

    @Test
    void failed_and_timed_out_are_failures() {
        assertEquals(Optional.of(Event.FAILURE), Triggers.forEnding("FAILED", false, on(Event.FAILURE)));
        assertEquals(Optional.of(Event.FAILURE), Triggers.forEnding("TIMED_OUT", false, on(Event.FAILURE)));
    }

    @Test
    void exhausted_retries_send_one_message_retries_exhausted_where_asked_for_else_failure() {
        assertEquals(Optional.of(Event.RETRIES_EXHAUSTED), Triggers.forEnding("FAILED", true, on(Event.FAILURE, Event.RETRIES_EXHAUSTED)));
        assertEquals(Optional.of(Event.FAILURE), Triggers.forEnding("FAILED", true, on(Event.FAILURE)));
        assertEquals(Optional.empty(), Triggers.forEnding("FAILED", false, on(Event.RETRIES_EXHAUSTED)));
    }

    @Test
    void a_kill_or_a_skip_sends_nothing() {
        Notification all = on(Event.values());
        assertEquals(Optional.empty(), Triggers.forEnding("KILLED", false, all));
        assertEquals(Optional.empty(), Triggers.forEnding("SKIPPED", false, all));
    }
}
