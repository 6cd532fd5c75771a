package io.kairos.run;

import io.kairos.task.LogStream;
import io.kairos.task.TaskId;
import io.kairos.task.TaskListener;
import io.kairos.task.TaskOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;

import java.util.Optional;
import io.quarkus.narayana.jta.QuarkusTransaction;


/**
 * What agents report about tasks, applied to attempts and runs. Every report is idempotent: a
 * status that was already applied (a re-sent update) changes nothing.
 */
@ApplicationScoped
public class TaskEvents implements TaskListener {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(TaskEvents.class);

    private final LogStore logs;
    private final Event<TaskEnded> ended;
    private final RunTransitions transitions;

    TaskEvents(LogStore logs, Event<TaskEnded> ended, RunTransitions transitions) {
        this.logs = logs;
        this.ended = ended;
        this.transitions = transitions;
    }

    /** A task left its agent: its resources are free again. Fired after the commit. */
    public record TaskEnded(TaskId task) {
    }

    @Override
    public void onStarted(TaskId task, String containerId) {
        onStarted(null, task, containerId);
    }

    /**
     * {@link #onStarted(TaskId, String)} as reported by agent {@code from} over its connection: applied only when the
     * task was placed on that agent. Another agent's report (a forger, or a confused agent) changes nothing.
     */
    public void onStarted(String from, TaskId task, String containerId) {
        QuarkusTransaction.requiringNew().run(() -> ofRun(task, from)
                .ifPresent(o -> transitions.apply(o.run(), new RunEvent.Started(o.number(), containerId))));
    }

    /**
     * {@link #onFinished(TaskId, TaskOutcome)} as reported by agent {@code from}: applied only when the task was placed
     * on that agent. Checked before the task's log is closed, which another agent's report must not do either.
     */
    public void onFinished(String from, TaskId task, TaskOutcome outcome) {
        boolean placed = QuarkusTransaction.requiringNew().call(() -> owner(task).map(on -> placedOn(on, from, task)).orElse(true));
        if (placed) {
            onFinished(task, outcome);
        }
    }

    @Override
    public void onOutput(TaskId task, LogStream stream, byte[] data) {
        logs.append(task.value(), stream, data);
    }

    /**
     * Not retried here: the agent's report lane tries a failed update again with back-off while the database is
     * unreachable (see AgentEndpoint), holding no thread meanwhile.
     */
    @Override
    public void onFinished(TaskId task, TaskOutcome outcome) {
        // all output is stored before the end is: a reader who sees the run ended sees its whole log
        logs.close(task.value());
        QuarkusTransaction.requiringNew().run(() -> finished(task, outcome));
    }

    private void finished(TaskId task, TaskOutcome outcome) {
        ofRun(task, null).ifPresentOrElse(o -> transitions.apply(o.run(), new RunEvent.Finished(o.number(), outcome)),
                // deleted with its job: the task's resources are free all the same
                () -> ended.fire(new TaskEnded(task)));
    }

    /** A task is attempt {@code number} of {@code run}. */
    private record Attempt(RunEntity run, int number) {
    }

    /**
     * The attempt a task is, with its run locked; empty when the attempt is gone, or when {@code from} (null: no agent
     * to check) is not the agent it was placed on. Only ids are read here: the attempt itself is locked by
     * {@link RunTransitions}, after its run, as on every other path.
     */
    private static Optional<Attempt> ofRun(TaskId task, String from) {
        return AttemptEntity.getEntityManager()
                .createQuery("select a.runId, a.number, a.agentId from AttemptEntity a where a.id = ?1", Object[].class)
                .setParameter(1, task.value()).getResultStream().findFirst()
                .filter(row -> placedOn((String) row[2], from, task))
                .map(row -> new Attempt(RunEntity.findById(row[0], LockModeType.PESSIMISTIC_WRITE), (Integer) row[1]));
    }

    /** The agent the task was placed on; empty when the attempt is gone. */
    private static Optional<String> owner(TaskId task) {
        return AttemptEntity.getEntityManager().createQuery("select a.agentId from AttemptEntity a where a.id = ?1", String.class)
                .setParameter(1, task.value()).getResultStream().findFirst();
    }

    private static boolean placedOn(String placed, String from, TaskId task) {
        if (from == null || from.equals(placed)) {
            return true;
        }
        LOG.warnf("agent %s reported on task %d, which was placed on agent %s: refused", from, task.value(), placed);
        return false;
    }
}
