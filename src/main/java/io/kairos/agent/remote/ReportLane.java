package io.kairos.agent.remote;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One agent's reports, applied strictly in the order they arrived, one at a time, by a pool shared with every
 * other agent's lane. A step that fails (the database is away) is not dropped and not skipped: the lane waits
 * an exponential {@link Backoff} on a timer — holding no thread — and tries the same step again, while other
 * lanes carry on. A lane gives the pool back after {@link #BATCH} steps, so a busy agent does not starve the rest.
 */
final class ReportLane {

    private static final Logger LOG = Logger.getLogger(ReportLane.class);
    /** Steps applied before the lane lets other lanes have its pool thread. */
    static final int BATCH = 32;

    /** Runs something after a delay, without holding a thread meanwhile (a Vert.x timer, a scheduled executor). */
    interface Later {
        void after(Duration delay, Runnable r);
    }

    /** One report to apply; throws when it cannot be applied now, and is then tried again. */
    interface Step {
        void apply();
    }

    private record Entry(String key, Step step) {
    }

    private final String name;
    private final Executor pool;
    private final Later later;
    private final Backoff backoff;
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    /** Keys of the steps waiting, so an update the agent sends again while its first copy waits is not queued twice. */
    private final Set<String> keys = new HashSet<>();
    /** True while a drain is on the pool or waiting on its back-off timer: at most one at a time. */
    private boolean scheduled;
    private int failures;

    ReportLane(String name, Executor pool, Later later, Backoff backoff) {
        this.name = name;
        this.pool = pool;
        this.later = later;
        this.backoff = backoff;
    }

    /**
     * Queues a step behind those already waiting.
     *
     * @param key a step with the same key already waiting makes this one a duplicate, not queued; null: no key
     * @return false for a duplicate
     */
    boolean submit(String key, Step step) {
        synchronized (this) {
            if (key != null && !keys.add(key)) {
                return false;
            }
            queue.add(new Entry(key, step));
            if (scheduled) {
                return true;
            }
            scheduled = true;
        }
        run(this::drain);
        return true;
    }

    /** Steps waiting, the one being applied included. */
    synchronized int waiting() {
        return queue.size();
    }

    /** Consecutive failures of the step at the head (0 when it is not failing). */
    synchronized int failures() {
        return failures;
    }

    private void drain() {
        for (int done = 0; done < BATCH; done++) {
            Entry head;
            synchronized (this) {
                head = queue.peek();
                if (head == null) {
                    scheduled = false;
                    return;
                }
            }
            try {
                head.step().apply();
            } catch (RuntimeException e) {
                int n;
                synchronized (this) {
                    n = ++failures;
                }
                Duration wait = backoff.after(n);
                if (n == 1) {
                    LOG.warnf("%s: applying a report failed, trying it again in %s and backing off while it fails: %s",
                            name, wait, e.getMessage());
                } else {
                    LOG.debugf("%s: failure %d of the same report, next try in %s: %s", name, n, wait, e.getMessage());
                }
                later.after(wait, () -> run(this::drain));
                return;
            }
            synchronized (this) {
                if (failures > 0) {
                    LOG.infof("%s: reports apply again after %d failures", name, failures);
                }
                failures = 0;
                queue.poll();
                if (head.key() != null) {
                    keys.remove(head.key());
                }
            }
        }
        run(this::drain);
    }

    private void run(Runnable r) {
        try {
            pool.execute(r);
        } catch (RejectedExecutionException e) {
            // shutting down: what is left is re-sent by the agent to the next scheduler, being unacknowledged
            LOG.debugf("%s: pool closed, %d reports left unapplied", name, waiting());
        }
    }
}
