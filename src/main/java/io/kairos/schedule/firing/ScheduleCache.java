package io.kairos.schedule.firing;

import io.kairos.schedule.Schedule;
import io.kairos.schedule.ScheduleSpec;
import io.kairos.schedule.Schedules;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Parsed schedules by their text: at midnight thousands of jobs share a handful of crons. */
@ApplicationScoped
public class ScheduleCache {

    private static final int MAX = 100_000;
    private final ConcurrentHashMap<ScheduleSpec, Optional<Schedule>> cache = new ConcurrentHashMap<>();

    public Optional<Schedule> get(ScheduleSpec spec) {
        if (cache.size() > MAX) {
            cache.clear();
        }
        return cache.computeIfAbsent(spec, Schedules::parse);
    }
}
