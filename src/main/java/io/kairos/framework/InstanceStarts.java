package io.kairos.framework;

import io.kairos.service.InstanceEntity;
import io.kairos.task.TaskId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Since when adopted instances run, read from their rows: an instance's start, or its staging when no start was
 * reported yet. {@code Instances.Adopted} does not carry it, and an adopted task must not look older than it is.
 */
@ApplicationScoped
public class InstanceStarts {

    /** The start of each of {@code tasks} that is an instance; tasks without a row are left out. */
    @Transactional
    public Map<TaskId, Instant> of(Collection<TaskId> tasks) {
        Map<TaskId, Instant> started = new HashMap<>();
        if (tasks.isEmpty()) {
            return started;
        }
        List<Long> ids = tasks.stream().map(TaskId::value).toList();
        InstanceEntity.getEntityManager()
                .createQuery("select i.id, coalesce(i.startedAt, i.createdAt) from InstanceEntity i where i.id in ?1", Object[].class)
                .setParameter(1, ids).getResultList()
                .forEach(row -> started.put(new TaskId((Long) row[0]), (Instant) row[1]));
        return started;
    }
}
