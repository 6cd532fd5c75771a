package io.kairos.framework;

import io.kairos.run.RunQueue;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Why each queued run waits, written to the run only when it changes: cycles repeat, writes should not. */
@ApplicationScoped
public class WaitingReasons {

    private final RunQueue runs;
    private final Map<Long, String> last = new ConcurrentHashMap<>();

    WaitingReasons(RunQueue runs) {
        this.runs = runs;
    }

    public void note(long runId, String reason) {
        if (!reason.equals(last.put(runId, reason))) {
            runs.explainPending(runId, reason);
        }
    }

    public void forget(long runId) {
        last.remove(runId);
    }

    /** Forgets runs that left the queue. */
    public void retain(Set<Long> queued) {
        last.keySet().retainAll(queued);
    }
}
