package io.kairos.framework;

import io.kairos.run.TaskEvents;
import io.kairos.service.InstanceEvents;
import io.kairos.service.InstanceLifecycle;
import io.kairos.task.LogStream;
import io.kairos.task.TaskId;
import io.kairos.task.TaskOutcome;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;

/**
 * Where an agent's report on a task goes: to the runs ({@link TaskEvents}) for an attempt, to the services
 * ({@link InstanceEvents}) for an instance. Which one a task is, the leader knows from placing it (or adopting it when
 * its agent registered); a report on a task it does not know goes to the runs, which ignore what they do not know.
 * Output of an instance is not kept (a service's log belongs with the service, not with the runs' history).
 */
@ApplicationScoped
public class TaskReports {

    private final Pool pool;
    private final TaskEvents runs;
    private final InstanceEvents instances;
    private final Clock clock;

    TaskReports(Pool pool, TaskEvents runs, InstanceEvents instances, Clock clock) {
        this.pool = pool;
        this.runs = runs;
        this.instances = instances;
        this.clock = clock;
    }

    public void onStarted(String from, TaskId task, String containerId) {
        if (!pool.isInstance(task) || !instances.report(task, from, new InstanceLifecycle.Started(clock.instant()))) {
            runs.onStarted(from, task, containerId);
        }
    }

    public void onFinished(String from, TaskId task, TaskOutcome outcome) {
        if (!pool.isInstance(task) || !instances.report(task, from, new InstanceLifecycle.Finished(outcome, clock.instant()))) {
            runs.onFinished(from, task, outcome);
        }
    }

    public void onHealth(String from, TaskId task, boolean healthy, String message) {
        if (pool.isInstance(task)) {
            instances.report(task, from, new InstanceLifecycle.HealthChanged(healthy, message));
        }
    }

    public void onOutput(TaskId task, LogStream stream, byte[] data) {
        if (!pool.isInstance(task)) {
            runs.onOutput(task, stream, data);
        }
    }
}
