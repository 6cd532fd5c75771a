package io.kairos.agent.node;

import io.kairos.agent.protocol.Message;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What an agent reports, in order. Status updates stay until the scheduler acknowledges them and are sent
 * again after every (re-)registration and when unanswered for a while; log chunks are sent once, and kept
 * only while there is no connection. Keeping both in one ordered queue means a task's output always
 * reaches the scheduler before its end does.
 */
final class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);
    /** Output kept while disconnected, at most this many chunks (of up to 16 KiB): a long outage loses the rest. */
    static final int MAX_KEPT_CHUNKS = 4096;

    /** Hands a message to the connection; false when there is none. */
    interface Sender {
        boolean send(Message m);
    }

    private static final class Entry {
        final Message message;
        final String updateId;
        final long taskId;
        Instant sentAt;

        Entry(Message message, String updateId, long taskId) {
            this.message = message;
            this.updateId = updateId;
            this.taskId = taskId;
        }
    }

    private final Map<Long, Entry> kept = new LinkedHashMap<>();
    private long seq;
    private int keptChunks;
    private long droppedChunks;
    private Sender sender;

    synchronized void status(Message.Status update, Instant now) {
        Entry e = new Entry(update, update.updateId(), update.taskId());
        kept.put(seq++, e);
        if (sender != null && sender.send(update)) {
            e.sentAt = now;
        }
    }

    synchronized void log(Message.LogChunk chunk) {
        if (sender != null && sender.send(chunk)) {
            return;
        }
        if (keptChunks >= MAX_KEPT_CHUNKS) {
            if (droppedChunks++ == 0) {
                LOG.warnf("disconnected too long: output beyond %d chunks is dropped", MAX_KEPT_CHUNKS);
            }
            return;
        }
        keptChunks++;
        kept.put(seq++, new Entry(chunk, null, chunk.taskId()));
    }

    /** Registered: everything kept goes out, in order. */
    synchronized void online(Sender s, Instant now) {
        sender = s;
        droppedChunks = 0;
        var it = kept.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (!s.send(e.message)) {
                return;
            }
            if (e.updateId == null) {
                it.remove();
                keptChunks--;
            } else {
                e.sentAt = now;
            }
        }
    }

    synchronized void offline() {
        sender = null;
    }

    synchronized void acked(String updateId) {
        kept.values().removeIf(e -> updateId.equals(e.updateId));
    }

    /** Sends again the updates sent before {@code before} and not acknowledged since. */
    synchronized void resendUnacked(Instant before, Instant now) {
        if (sender == null) {
            return;
        }
        for (Entry e : kept.values()) {
            if (e.updateId != null && e.sentAt != null && e.sentAt.isBefore(before) && sender.send(e.message)) {
                e.sentAt = now;
            }
        }
    }

    /** Tasks with an update not yet acknowledged: the scheduler must still consider them running. */
    synchronized Set<Long> tasksAwaitingAck() {
        Set<Long> out = new HashSet<>();
        kept.values().stream().filter(e -> e.updateId != null).forEach(e -> out.add(e.taskId));
        return out;
    }

    synchronized int awaitingAck() {
        return (int) kept.values().stream().filter(e -> e.updateId != null).count();
    }
}
