package io.kairos.job;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.time.Instant;
import java.util.List;

/** GET's answer: the definition, every field, plus read-only facts a PUT may echo back. */
public record JobView(@JsonUnwrapped JobDefinition definition, List<Instant> nextFireTimes, Instant createdAt,
                      Instant updatedAt, long version) {
}
