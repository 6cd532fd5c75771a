package io.kairos.job;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** GET's answer: the definition, every field, plus read-only facts a PUT may echo back. */
@Schema(description = "A job as GET returns it: its definition plus nextFireTimes (UTC), createdAt, updatedAt and version; a "
                + "PUT may send these back, they are ignored.")
public record JobView(@JsonUnwrapped JobDefinition definition, List<Instant> nextFireTimes, Instant createdAt,
                      Instant updatedAt, long version) {
}
